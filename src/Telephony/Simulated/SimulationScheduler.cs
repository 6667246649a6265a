namespace CallCenter.Telephony.Simulated;

/// <summary>
/// The network's agenda: work due at a time, run in (due, insertion) order from one timer of the
/// <see cref="TimeProvider"/>, so a virtual clock fires it deterministically and the real clock in real time. Work due
/// "now" is not put on the timer but run as soon as the current operation ends, still under the switch's lock: a zero
/// ring time answers right after LegRinging, without a thread hop, and never in the middle of another operation.
/// All members except the timer callback are called with the switch's lock held.
/// </summary>
internal sealed class SimulationScheduler : IDisposable
{
    private const int CompactThreshold = 4096;

    private readonly Lock _gate;
    private readonly TimeProvider _time;
    private readonly Action<Exception> _onError;
    private readonly PriorityQueue<ScheduledWork, (long Due, long Order)> _agenda = new();
    private readonly Queue<ScheduledWork> _soon = new();
    private readonly ITimer _timer;
    private long _order;
    private long _armedFor = long.MaxValue;
    private int _cancelled;
    private bool _running;
    private bool _disposed;

    public SimulationScheduler(Lock gate, TimeProvider time, Action<Exception> onError)
    {
        _gate = gate;
        _time = time;
        _onError = onError;
        _timer = time.CreateTimer(static state => ((SimulationScheduler)state!).OnTimer(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Work pending on the timer (not counting cancelled entries).</summary>
    public int Pending => _agenda.Count - _cancelled;

    /// <summary>Runs <paramref name="action"/> after <paramref name="delay"/>; zero or less means right after the current
    /// operation.</summary>
    public ScheduledWork After(DateTimeOffset now, TimeSpan delay, Action action)
    {
        if (delay <= TimeSpan.Zero)
        {
            var soon = new ScheduledWork(this, action, now.UtcTicks, timed: false);
            _soon.Enqueue(soon);
            return soon;
        }
        var due = now.UtcTicks + delay.Ticks;
        var work = new ScheduledWork(this, action, due, timed: true);
        _agenda.Enqueue(work, (due, _order++));
        if (!_running && due < _armedFor) Arm(now.UtcTicks, due);
        return work;
    }

    /// <summary>Runs the work queued for "now" until none is left (work may queue more).</summary>
    public void RunSoon()
    {
        while (_soon.TryDequeue(out var work)) Run(work);
    }

    public void OnCancelled()
    {
        // Cancelled entries stay in the heap until due; a minute-long ring timeout cancelled by every answer would
        // otherwise pile up at high call rates.
        if (++_cancelled > CompactThreshold && _cancelled > _agenda.Count / 2) Compact();
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            _timer.Dispose();
        }
    }

    private void OnTimer()
    {
        lock (_gate)
        {
            if (_disposed) return;
            _running = true;
            _armedFor = long.MaxValue;
            try
            {
                var now = _time.GetUtcNow().UtcTicks;
                while (_agenda.TryPeek(out var work, out var key) && key.Due <= now)
                {
                    _agenda.Dequeue();
                    if (work.Cancelled) { _cancelled--; continue; }
                    Run(work);
                    RunSoon();
                }
                while (_agenda.TryPeek(out var head, out _) && head.Cancelled)
                {
                    _agenda.Dequeue();
                    _cancelled--;
                }
                if (_agenda.TryPeek(out _, out var next)) Arm(now, next.Due);
            }
            finally
            {
                _running = false;
            }
        }
    }

    private void Run(ScheduledWork work)
    {
        if (work.Cancelled) return;
        work.Done = true;
        try
        {
            work.Action();
        }
        catch (Exception ex)
        {
            _onError(ex);
        }
    }

    private void Arm(long now, long due)
    {
        _armedFor = due;
        _timer.Change(TimeSpan.FromTicks(Math.Max(0, due - now)), Timeout.InfiniteTimeSpan);
    }

    private void Compact()
    {
        var live = _agenda.UnorderedItems.Where(entry => !entry.Element.Cancelled).ToList();
        _agenda.Clear();
        _agenda.EnqueueRange(live);
        _cancelled = 0;
    }
}
