using CallCenter.Runtime.Tests.Hosting;

namespace CallCenter.Runtime.Tests.Grains;

public interface IReminderGrain : IGrainWithStringKey
{
    Task Register(string name, TimeSpan dueTime, TimeSpan period);

    Task Unregister(string name);

    Task<IReadOnlyList<string>> GetReminderNames();

    Task<bool> Has(string name);
}

[GrainType("reminder-probe")]
public sealed class ReminderGrain(Probe probe) : Grain, IReminderGrain, IRemindable
{
    public Task Register(string name, TimeSpan dueTime, TimeSpan period) => RegisterOrUpdateReminder(name, dueTime, period);

    public async Task Unregister(string name)
    {
        var reminder = await GetReminder(name);
        if (reminder is not null) await UnregisterReminder(reminder);
    }

    public async Task<IReadOnlyList<string>> GetReminderNames() => [.. (await GetReminders()).Select(r => r.ReminderName).Order()];

    public async Task<bool> Has(string name) => await GetReminder(name) is not null;

    public Task ReceiveReminder(string reminderName, TickStatus status)
    {
        probe.Record($"{GrainKey}:{reminderName}@{status.CurrentTickTime:HH:mm:ss}");
        return Task.CompletedTask;
    }
}
