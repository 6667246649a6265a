using CallCenter.Runtime.Core;
using CallCenter.Runtime.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CallCenter.Runtime.Reminders;

/// <summary>
/// Keeps the durable reminders of this process: registered by grains into the <see cref="IReminderTable"/> from DI,
/// all loaded from it at start, each armed on the runtime's <see cref="TimeProvider"/> and delivered as a turn of its
/// grain. (With several silos each would own a partition of the table; here one process owns them all.)
/// </summary>
internal sealed class ReminderService(GrainRuntime runtime)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<(GrainId Grain, string Name), LocalReminder> _scheduled = [];
    private bool _stopped;

    public TimeProvider TimeProvider => runtime.TimeProvider;

    public ILogger Log => runtime.Log;

    private IReminderTable? Table => runtime.Services.GetService<IReminderTable>();

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (Table is not { } table)
        {
            Log.NoReminderTable();
            return;
        }
        var entries = await table.ReadAllAsync(cancellationToken).ConfigureAwait(false);
        var loaded = 0;
        foreach (var entry in entries)
        {
            if (!runtime.Registry.TryGetClass(entry.GrainType, out var grainClass) || !grainClass.IsRemindable)
            {
                Log.ReminderForUnknownGrainType(entry.Name, entry.GrainType, entry.GrainKey);
                continue;
            }
            Schedule(entry);
            loaded++;
        }
        Log.RemindersLoaded(loaded);
    }

    public void Stop()
    {
        lock (_gate)
        {
            _stopped = true;
            foreach (var reminder in _scheduled.Values) reminder.Stop();
            _scheduled.Clear();
        }
    }

    public async Task<IGrainReminder> RegisterOrUpdateAsync(ActivationData activation, string reminderName, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reminderName);
        if (!activation.GrainClass.IsRemindable)
            throw new InvalidOperationException($"{activation.GrainClass.ClassType.Name} must implement IRemindable to register reminders.");
        if (dueTime < TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(dueTime), dueTime, "A reminder's due time must not be negative.");
        if (period < runtime.Options.MinimumReminderPeriod)
            throw new ArgumentOutOfRangeException(nameof(period), period,
                $"A reminder's period must be at least RuntimeOptions.MinimumReminderPeriod ({runtime.Options.MinimumReminderPeriod}); use a timer for shorter ones.");
        var table = RequireTable();
        var entry = new ReminderEntry(activation.Id.Type, activation.Id.Key, reminderName, TimeProvider.GetUtcNow() + dueTime, period);
        var etag = await table.UpsertAsync(entry).ConfigureAwait(false);
        Schedule(entry with { ETag = etag });
        return new GrainReminder(reminderName, etag);
    }

    public async Task UnregisterAsync(ActivationData activation, IGrainReminder reminder)
    {
        ArgumentNullException.ThrowIfNull(reminder);
        Cancel(activation.Id, reminder.ReminderName);
        await RequireTable().RemoveAsync(activation.Id.Type, activation.Id.Key, reminder.ReminderName).ConfigureAwait(false);
    }

    public async Task<IGrainReminder?> GetAsync(ActivationData activation, string reminderName)
    {
        var entry = await RequireTable().ReadAsync(activation.Id.Type, activation.Id.Key, reminderName).ConfigureAwait(false);
        return entry is null ? null : new GrainReminder(entry.Name, entry.ETag);
    }

    public async Task<IReadOnlyList<IGrainReminder>> GetAllAsync(ActivationData activation)
    {
        var entries = await RequireTable().ReadAsync(activation.Id.Type, activation.Id.Key).ConfigureAwait(false);
        return entries.Select(e => (IGrainReminder)new GrainReminder(e.Name, e.ETag)).ToList();
    }

    public void Deliver(ReminderTickMessage tick) => runtime.Transport.Send(tick);

    public Task StoreAsync(ReminderEntry entry) => RequireTable().UpsertAsync(entry);

    private void Schedule(ReminderEntry entry)
    {
        var reminder = new LocalReminder(this, entry);
        lock (_gate)
        {
            if (_stopped) return;
            var key = (new GrainId(entry.GrainType, entry.GrainKey), entry.Name);
            if (_scheduled.Remove(key, out var previous)) previous.Dispose();
            _scheduled[key] = reminder;
        }
        reminder.Start();
    }

    private void Cancel(GrainId grainId, string name)
    {
        lock (_gate)
        {
            if (_scheduled.Remove((grainId, name), out var reminder)) reminder.Dispose();
        }
    }

    private IReminderTable RequireTable() => Table
        ?? throw new InvalidOperationException("Reminders need an IReminderTable: register one in DI (e.g. services.AddSingleton<IReminderTable>(...)).");
}
