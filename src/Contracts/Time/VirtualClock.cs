namespace CallCenter.Time;

/// <summary>
/// A <see cref="TimeProvider"/> whose time moves only when a test (or a benchmark) advances it, so that minutes of calls
/// run in milliseconds and every run with the same seed is the same. The simulator, the runtime's timers and reminders
/// and the grains all take their time from the one <see cref="TimeProvider"/> in the container, so swapping this in makes
/// the whole system virtual-time (Orleans resolves the grain timers' and the reminders' clocks from it by key; the
/// silo's own background areas stay on real time, see docs/orleans.md).
/// </summary>
public sealed class VirtualClock(DateTimeOffset start) : TimeProvider
{
    private readonly Lock _gate = new();
    private readonly PriorityQueue<(VirtualTimer Timer, long Version), (DateTimeOffset Due, long Order)> _queue = new();
    private DateTimeOffset _now = start;
    private long _order;

    public VirtualClock() : this(new DateTimeOffset(2026, 1, 5, 9, 0, 0, TimeSpan.Zero)) { }

    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate) return _now;
    }

    /// <summary>
    /// Raised on the advancing thread just before a timer's callback runs, with the state object the timer was created
    /// with, so a test's quiescence tracker can count the work a firing sets off before that work has started.
    /// </summary>
    public event Action<object?>? TimerFiring;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => GetUtcNow().UtcTicks;

    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new VirtualTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>When the next timer is due, or null if none is scheduled.</summary>
    public DateTimeOffset? NextDue
    {
        get
        {
            lock (_gate)
            {
                DropStale();
                return _queue.TryPeek(out _, out var key) ? key.Due : null;
            }
        }
    }

    /// <summary>Moves time forward, firing every timer that falls due on the way, in due order, on the calling thread.</summary>
    public void Advance(TimeSpan by) => AdvanceTo(GetUtcNow() + by);

    public void AdvanceTo(DateTimeOffset target)
    {
        while (TryFireNext(target)) { }
        lock (_gate) if (_now < target) _now = target;
    }

    /// <summary>
    /// Moves time forward one timer at a time and awaits <paramref name="settle"/> after each, so that whatever a timer
    /// sets off (and the timers that sets) runs before time moves on: the discrete-event way to drive a whole system.
    /// </summary>
    public async Task AdvanceAsync(TimeSpan by, Func<Task>? settle = null)
    {
        var target = GetUtcNow() + by;
        if (settle is not null) await settle().ConfigureAwait(false);
        while (TryFireNext(target))
        {
            if (settle is not null) await settle().ConfigureAwait(false);
        }
        lock (_gate) if (_now < target) _now = target;
        if (settle is not null) await settle().ConfigureAwait(false);
    }

    private bool TryFireNext(DateTimeOffset limit)
    {
        VirtualTimer timer;
        lock (_gate)
        {
            DropStale();
            if (!_queue.TryPeek(out var entry, out var key) || key.Due > limit) return false;
            _queue.Dequeue();
            // A Task.Delay timer lands just before the next whole millisecond after its due time: Task.Delay(TimeSpan,
            // TimeProvider) truncates its delay to whole milliseconds (and completes a delay under 1 ms at once), so a
            // deadline loop woken at the truncated due time (Orleans' DelayUntilAsync: reminders, its background timers)
            // would find a fraction of a millisecond left and wait zero milliseconds, forever, without time moving.
            // Timers made directly (grain timers, the simulator) land exactly at their due time.
            var landing = entry.Timer.State is Task ? key.Due + TimeSpan.FromMilliseconds(1) - TimeSpan.FromTicks(1) : key.Due;
            if (landing > _now) _now = landing;
            timer = entry.Timer;
            timer.OnFiredLocked(key.Due);
        }
        TimerFiring?.Invoke(timer.State);
        timer.Invoke();
        return true;
    }

    private void DropStale()
    {
        while (_queue.TryPeek(out var entry, out _) && entry.Version != entry.Timer.Version) _queue.Dequeue();
    }

    private void Schedule(VirtualTimer timer, DateTimeOffset due) => _queue.Enqueue((timer, timer.Version), (due, _order++));

    private sealed class VirtualTimer(VirtualClock clock, TimerCallback callback, object? state) : ITimer
    {
        private TimeSpan _period = Timeout.InfiniteTimeSpan;
        private bool _disposed;

        /// <summary>Bumped on every change so queue entries from earlier schedules are recognised as stale.</summary>
        public long Version { get; private set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (clock._gate)
            {
                if (_disposed) return false;
                Version++;
                _period = period;
                if (dueTime != Timeout.InfiniteTimeSpan)
                {
                    if (dueTime < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(dueTime));
                    clock.Schedule(this, clock._now + dueTime);
                }
                return true;
            }
        }

        public void OnFiredLocked(DateTimeOffset firedAt)
        {
            if (_period != Timeout.InfiniteTimeSpan && _period > TimeSpan.Zero) clock.Schedule(this, firedAt + _period);
            else Version++;
        }

        public object? State => state;

        public void Invoke() => callback(state);

        public void Dispose()
        {
            lock (clock._gate)
            {
                _disposed = true;
                Version++;
            }
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
