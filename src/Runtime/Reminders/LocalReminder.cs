using CallCenter.Runtime.Core;
using CallCenter.Runtime.Storage;

namespace CallCenter.Runtime.Reminders;

/// <summary>
/// A durable reminder as scheduled in this process: a one-shot timer on the runtime's <see cref="TimeProvider"/> armed
/// for the next tick. After each delivered tick the stored due time moves to the next tick, so a restart neither
/// repeats a delivered tick nor skips a missed one (a tick missed while the host was down fires as soon as it is back).
/// </summary>
internal sealed class LocalReminder : IDisposable
{
    private readonly ReminderService _service;
    private readonly GrainId _grainId;
    private readonly DateTime _firstTickTime;
    private ReminderEntry _entry;
    private ITimer? _timer;
    private volatile bool _disposed; // unregistered or replaced: its ticks must not write the entry back
    private volatile bool _stopped; // the host is stopping: deliveries still in mailboxes are acknowledged, nothing is armed

    public LocalReminder(ReminderService service, ReminderEntry entry)
    {
        _service = service;
        _entry = entry;
        _grainId = new GrainId(entry.GrainType, entry.GrainKey);
        _firstTickTime = entry.StartAt.UtcDateTime;
    }

    public string Name => _entry.Name;

    public void Start() => Arm(_entry.StartAt);

    private void Arm(DateTimeOffset dueAt)
    {
        if (_disposed || _stopped) return;
        var delay = dueAt - _service.TimeProvider.GetUtcNow();
        if (delay < TimeSpan.Zero) delay = TimeSpan.Zero;
        var timer = _service.TimeProvider.CreateTimer(static state => ((LocalReminder)state!).OnDue(), this, delay, Timeout.InfiniteTimeSpan);
        Interlocked.Exchange(ref _timer, timer)?.Dispose();
        if (_disposed || _stopped) timer.Dispose();
    }

    private void OnDue()
    {
        if (_disposed || _stopped) return;
        var status = new TickStatus(_firstTickTime, _entry.Period, _entry.StartAt.UtcDateTime);
        _service.Deliver(new ReminderTickMessage(_grainId, this, status));
    }

    /// <summary>After a tick's turn: store the next due time and arm for it, unless the reminder was replaced or removed
    /// meanwhile (by the grain, in that turn).</summary>
    public async Task AcknowledgeAsync(TickStatus delivered)
    {
        if (_disposed) return;
        var next = NextDueAfter(delivered.CurrentTickTime);
        _entry = _entry with { StartAt = next };
        try
        {
            await _service.StoreAsync(_entry).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            _service.Log.ReminderStoreFailed(exception, Name, _grainId);
        }
        Arm(next);
    }

    /// <summary>The tick could not be delivered (activation failed): try again at the next tick.</summary>
    public void Rearm(TickStatus missed)
    {
        var next = NextDueAfter(missed.CurrentTickTime);
        _entry = _entry with { StartAt = next };
        Arm(next);
    }

    /// <summary>The first tick of the period grid after both the delivered tick and now, so a grain that was busy for
    /// several periods gets one tick, not a burst.</summary>
    private DateTimeOffset NextDueAfter(DateTime deliveredTick)
    {
        var delivered = new DateTimeOffset(deliveredTick, TimeSpan.Zero);
        var next = delivered + _entry.Period;
        var now = _service.TimeProvider.GetUtcNow();
        if (next <= now)
        {
            var behind = (now - delivered).Ticks / _entry.Period.Ticks;
            next = delivered + TimeSpan.FromTicks(_entry.Period.Ticks * (behind + 1));
        }
        return next;
    }

    public void Stop()
    {
        _stopped = true;
        Interlocked.Exchange(ref _timer, null)?.Dispose();
    }

    public void Dispose()
    {
        _disposed = true;
        Interlocked.Exchange(ref _timer, null)?.Dispose();
    }
}
