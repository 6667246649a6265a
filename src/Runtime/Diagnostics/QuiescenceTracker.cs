using System.Collections.Concurrent;
using Orleans.Reminders.Diagnostics;
using Orleans.Runtime.Diagnostics;

namespace CallCenter.Runtime.Diagnostics;

/// <summary>
/// Knows when one silo has nothing left to do, so a test (or the virtual-clock benchmark) can wait for the consequences
/// of what it did instead of sleeping or polling. It counts units of outstanding work, each begun before the work can be
/// observed to have started and ended after it finished, so the count never touches zero in between:
/// <list type="bullet">
/// <item>grain calls, from the caller's side (<see cref="QuiescenceOutgoingCallFilter"/>) until the response, and from the
/// callee's side (<see cref="QuiescenceIncomingCallFilter"/>) while the call runs; a one-way call is counted from its send
/// until the callee starts it (a token travels in the request context). Timer ticks arrive as calls too;</item>
/// <item>grain timer ticks the virtual clock fired but the grain has not started yet (<see cref="OnTimerFiring"/>, then
/// Orleans' <c>GrainTimerEvents.TickStart</c>);</item>
/// <item>the reminder service: its start-up, a wake of its clock until the woken loop reacts, a tick being delivered, and
/// a reminder not yet re-armed after a tick (Orleans' <c>ReminderEvents</c>);</item>
/// <item>work declared through <see cref="IBackgroundWork"/>.</item>
/// </list>
/// Calls to and from Orleans' own system targets (membership, directory, load publishing) are not counted: they run on
/// real time and never settle.
/// </summary>
public sealed class QuiescenceTracker : IBackgroundWork, IDisposable,
    IObserver<GrainTimerEvents.TimerEvent>, IObserver<ReminderEvents.ReminderEvent>, IObserver<ReminderEvents.ReminderServiceEvent>
{
    internal const string OneWayTokenKey = "cc.quiescence";

    private readonly Lock _gate = new();
    private readonly ConcurrentDictionary<long, string> _outstanding = new();
    private readonly ConcurrentDictionary<long, long> _oneWayCalls = new();
    private readonly ConcurrentDictionary<object, long> _timerWakes = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<(GrainId Grain, string Name), Stack<long>> _rearms = [];
    private readonly Stack<long> _reminderWakes = new();
    private readonly Dictionary<(GrainId Grain, string Name), Stack<long>> _reminderTicks = [];
    private readonly List<IDisposable> _subscriptions = [];
    private readonly long _reminderServiceStart;
    private TaskCompletionSource? _idle;
    private long _nextId;
    private long _version;
    private SiloAddress? _silo;

    /// <param name="expectReminderService">Count the reminder service's start-up as work until it reports it has read
    /// the reminder table (a silo with reminders).</param>
    public QuiescenceTracker(bool expectReminderService = true)
    {
        if (expectReminderService) _reminderServiceStart = Begin("the reminder service starting");
        _subscriptions.Add(GrainTimerEvents.AllEvents.Subscribe(this));
        _subscriptions.Add(ReminderEvents.AllEvents.Subscribe(this));
        _subscriptions.Add(ReminderEvents.ServiceEvents.Subscribe(this));
    }

    /// <summary>Goes up whenever a unit of work begins: a waiter that saw no change across a round knows nothing ran.</summary>
    public long Version => Interlocked.Read(ref _version);

    public int Outstanding => _outstanding.Count;

    /// <summary>Orleans' diagnostic events are process-wide; only those of this silo count (tests run several at once).
    /// Until it is attached (at the first stage of the silo's lifecycle, before any of its own timers or reminders can
    /// fire) none count: another silo's tick counted then could never be seen to end.</summary>
    public void AttachTo(SiloAddress silo) => _silo = silo;

    /// <summary>Completes when no work is outstanding (at once if none is).</summary>
    public Task WhenIdleAsync()
    {
        lock (_gate)
        {
            if (_outstanding.IsEmpty) return Task.CompletedTask;
            return (_idle ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
        }
    }

    /// <summary>What is outstanding, for the message of a test that gave up waiting.</summary>
    public string Describe()
    {
        var items = _outstanding.OrderBy(p => p.Key).Select(p => p.Value).ToList();
        return items.Count == 0 ? "nothing" : string.Join("; ", items.Take(20)) + (items.Count > 20 ? $"; and {items.Count - 20} more" : "");
    }

    IDisposable IBackgroundWork.Begin(string what) => new Unit(this, Begin(what));

    internal long Begin(string what)
    {
        var id = Interlocked.Increment(ref _nextId);
        lock (_gate)
        {
            _outstanding[id] = what;
            _version++;
        }
        return id;
    }

    internal void End(long id)
    {
        TaskCompletionSource? idle = null;
        lock (_gate)
        {
            if (!_outstanding.TryRemove(id, out _)) return;
            if (_outstanding.IsEmpty)
            {
                idle = _idle;
                _idle = null;
            }
        }
        idle?.TrySetResult();
    }

    internal long BeginOneWay(string what)
    {
        var id = Begin(what);
        _oneWayCalls[id] = id;
        return id;
    }

    internal void OneWayArrived(long token)
    {
        if (_oneWayCalls.TryRemove(token, out var id)) End(id);
    }

    /// <summary>The virtual clock is about to run a timer's callback (subscribe to <c>VirtualClock.TimerFiring</c>).</summary>
    public void OnTimerFiring(object? state)
    {
        if (state is IGrainTimer timer && !_timerWakes.ContainsKey(timer)) _timerWakes.TryAdd(timer, Begin("a grain timer tick, fired and not yet started"));
    }

    /// <summary>The reminder service's clock woke a waiter (<see cref="TrackedReminderClock"/>).</summary>
    internal void OnReminderClockWake()
    {
        var id = Begin("the reminder service, woken by its clock");
        lock (_gate) _reminderWakes.Push(id);
    }

    /// <summary>The reminder service armed a timer: the loop it woke last has reacted.</summary>
    internal void OnReminderClockArmed() => ResolveReminderWake();

    private void ResolveReminderWake()
    {
        long id;
        lock (_gate)
        {
            if (!_reminderWakes.TryPop(out id)) return;
        }
        End(id);
    }

    void IObserver<GrainTimerEvents.TimerEvent>.OnNext(GrainTimerEvents.TimerEvent e)
    {
        if (_silo is null || !Equals(e.GrainContext.Address.SiloAddress, _silo)) return;
        if (e is GrainTimerEvents.TickStart or GrainTimerEvents.Disposed && _timerWakes.TryRemove(e.Timer, out var id)) End(id);
    }

    void IObserver<ReminderEvents.ReminderEvent>.OnNext(ReminderEvents.ReminderEvent e)
    {
        if (_silo is null || !Equals(e.SiloAddress, _silo)) return;
        var key = (e.GrainId, e.ReminderName);
        switch (e)
        {
            case ReminderEvents.LocalReminderStarted:
                Push(_rearms, key, Begin($"reminder '{e.ReminderName}' of {e.GrainId}, not yet armed"));
                break;
            case ReminderEvents.TickFiring:
                Push(_reminderTicks, key, Begin($"reminder '{e.ReminderName}' of {e.GrainId}, delivering a tick"));
                ResolveReminderWake();
                break;
            case ReminderEvents.TickCompleted or ReminderEvents.TickFailed:
                Push(_rearms, key, Begin($"reminder '{e.ReminderName}' of {e.GrainId}, not yet re-armed after a tick"));
                EndOne(_reminderTicks, key);
                break;
            case ReminderEvents.LocalReminderTickWaitArmed:
                EndOne(_rearms, key);
                break;
            case ReminderEvents.LocalReminderStopped:
                EndAll(_rearms, key);
                ResolveReminderWake();
                break;
        }
    }

    void IObserver<ReminderEvents.ReminderServiceEvent>.OnNext(ReminderEvents.ReminderServiceEvent e)
    {
        if (_silo is null || !Equals(e.SiloAddress, _silo)) return;
        if (e is ReminderEvents.ReminderServiceStarted) End(_reminderServiceStart);
    }

    private void Push(Dictionary<(GrainId, string), Stack<long>> units, (GrainId, string) key, long id)
    {
        lock (_gate)
        {
            if (!units.TryGetValue(key, out var stack)) units[key] = stack = new Stack<long>();
            stack.Push(id);
        }
    }

    private void EndOne(Dictionary<(GrainId, string), Stack<long>> units, (GrainId, string) key)
    {
        long id;
        lock (_gate)
        {
            if (!units.TryGetValue(key, out var stack) || !stack.TryPop(out id)) return;
            if (stack.Count == 0) units.Remove(key);
        }
        End(id);
    }

    private void EndAll(Dictionary<(GrainId, string), Stack<long>> units, (GrainId, string) key)
    {
        long[] ids;
        lock (_gate)
        {
            if (!units.Remove(key, out var stack)) return;
            ids = [.. stack];
        }
        foreach (var id in ids) End(id);
    }

    public void Dispose()
    {
        foreach (var subscription in _subscriptions) subscription.Dispose();
        _subscriptions.Clear();
    }

    void IObserver<GrainTimerEvents.TimerEvent>.OnCompleted() { }

    void IObserver<GrainTimerEvents.TimerEvent>.OnError(Exception error) { }

    void IObserver<ReminderEvents.ReminderEvent>.OnCompleted() { }

    void IObserver<ReminderEvents.ReminderEvent>.OnError(Exception error) { }

    void IObserver<ReminderEvents.ReminderServiceEvent>.OnCompleted() { }

    void IObserver<ReminderEvents.ReminderServiceEvent>.OnError(Exception error) { }

    private sealed class Unit(QuiescenceTracker tracker, long id) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0) tracker.End(id);
        }
    }
}
