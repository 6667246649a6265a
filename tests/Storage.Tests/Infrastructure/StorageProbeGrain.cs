using Orleans;
using Orleans.Runtime;

namespace CallCenter.Storage.Tests.Infrastructure;

/// <summary>A grain with persistent state in storage "Default" and a reminder: what the silo tests drive.</summary>
[Alias("storage-tests.IStorageProbeGrain")]
public interface IStorageProbeGrain : IGrainWithStringKey
{
    [Alias("Increment")]
    Task<int> IncrementAsync();

    [Alias("Count")]
    Task<int> CountAsync();

    [Alias("RegisterReminder")]
    Task RegisterReminderAsync();
}

[GenerateSerializer]
public sealed class ProbeCounter
{
    [Id(0)]
    public int Count { get; set; }
}

[GrainType("storage-probe")]
public sealed class StorageProbeGrain([PersistentState("state", "Default")] IPersistentState<ProbeCounter> state) : Grain, IStorageProbeGrain, IRemindable
{
    public const string ReminderName = "probe";

    public async Task<int> IncrementAsync()
    {
        state.State.Count++;
        await state.WriteStateAsync();
        return state.State.Count;
    }

    public Task<int> CountAsync() => Task.FromResult(state.State.Count);

    // Due in an hour: the tests look at the stored row, not at ticks.
    public Task RegisterReminderAsync() => this.RegisterOrUpdateReminder(ReminderName, TimeSpan.FromHours(1), TimeSpan.FromHours(1));

    public Task ReceiveReminder(string reminderName, TickStatus status) => Task.CompletedTask;
}
