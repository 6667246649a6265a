using CallCenter.Runtime.Registry;
using CallCenter.Runtime.Messaging;
using CallCenter.Runtime.Persistence;
using CallCenter.Runtime.Timers;
using Microsoft.Extensions.DependencyInjection;

namespace CallCenter.Runtime.Core;

/// <summary>
/// One activation of one grain: its instance, its mailbox, and the loop that runs the mailbox one turn at a time.
/// <para>
/// The mailbox is a FIFO queue under a lock. The first message to arrive at an idle activation schedules the activation
/// itself on the thread pool (it is the work item, so this allocates nothing); the loop then runs messages until the
/// queue is empty. A turn that does not complete synchronously parks the loop until its task completes, so the next
/// message never starts before the previous one has finished, across awaits included — that is the whole concurrency
/// model, and why grain code needs no locks.
/// </para>
/// </summary>
internal sealed class ActivationData : IThreadPoolWorkItem
{
    /// <summary>Synchronous turns run back to back before the loop yields its thread, so one busy activation cannot
    /// starve the others.</summary>
    private const int TurnsPerSlice = 32;

    [ThreadStatic] private static ActivationData? t_beingConstructed;

    private readonly Lock _gate = new(); // guards _mailbox and the fields marked "guarded"
    private readonly Queue<GrainMessage> _mailbox = new();
    private readonly Action _onTurnCompleted;
    private readonly TaskCompletionSource _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<GrainTimer> _timers = [];
    private ActivationState _state = ActivationState.Creating; // guarded
    private bool _scheduled; // guarded: the loop is queued, running, or parked on a turn
    private GrainMessage? _running; // guarded
    private GrainMessage? _next; // guarded: runs before the mailbox (deactivation the grain asked for)
    private DeactivationReason? _deactivationRequested; // touched by turns only
    private GrainMessage? _parkedMessage;
    private ValueTask _parkedTurn;
    private Grain? _grain;
    private AsyncServiceScope _scope;
    private IServiceProvider? _services;
    private long _processed;
    private long _lastUsedTick;
    private long _keepAliveUntilUtcTicks;

    public ActivationData(GrainRuntime runtime, GrainId id, GrainClassDescriptor grainClass, List<GrainMessage>? inherited = null)
    {
        Runtime = runtime;
        Id = id;
        GrainClass = grainClass;
        _onTurnCompleted = OnParkedTurnCompleted;
        _mailbox.Enqueue(new ActivateMessage(id));
        if (inherited is { Count: > 0 })
        {
            foreach (var message in inherited) _mailbox.Enqueue(message);
            _scheduled = true; // the catalog starts it (see Start) once it is published
        }
        _lastUsedTick = runtime.Collector.CurrentTick;
    }

    /// <summary>The activation whose grain constructor is running on this thread (read by <see cref="Grain"/>'s constructor).</summary>
    public static ActivationData? BeingConstructed => t_beingConstructed;

    public GrainRuntime Runtime { get; }

    public GrainId Id { get; }

    public GrainClassDescriptor GrainClass { get; }

    public Grain GrainInstance => _grain!;

    /// <summary>The activation's DI scope (the root provider until the scope exists).</summary>
    public IServiceProvider Services => _services ?? Runtime.Services;

    public long MessagesProcessed => Volatile.Read(ref _processed);

    /// <summary>Completes when the activation is gone (deactivated or failed to activate).</summary>
    public Task Ended => _ended.Task;

    /// <summary>Queues <paramref name="message"/>; false if this activation is gone and the sender must look again.</summary>
    public bool TryEnqueue(GrainMessage message)
    {
        lock (_gate)
        {
            if (_state == ActivationState.Invalid) return false;
            _mailbox.Enqueue(message);
            if (_scheduled) return true;
            _scheduled = true;
        }
        Runtime.BeginWork();
        Schedule();
        return true;
    }

    /// <summary>Starts a successor created with inherited messages (already counted as work by the catalog).</summary>
    public void Start() => Schedule();

    /// <summary>
    /// Always the pool's global FIFO queue, never the current thread's local one: a thread pops its local queue newest
    /// first, and when every thread stays busy nobody steals, so an activation parked at the bottom of a local queue
    /// could wait forever (this was observed as 30-second stalls under full load).
    /// </summary>
    private void Schedule() => ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);

    /// <summary>The message whose turn is running (read without the lock: for diagnostics only).</summary>
    public GrainMessage? RunningMessage => Volatile.Read(ref _running);

    void IThreadPoolWorkItem.Execute()
    {
        RuntimeContext.CurrentActivation = this;
        try
        {
            RunSlice();
        }
        finally
        {
            RuntimeContext.CurrentActivation = null;
        }
    }

    private void RunSlice()
    {
        for (var turns = 0; turns < TurnsPerSlice; turns++)
        {
            if (!TryTakeNext(out var message)) return;
            var turn = RunTurn(message);
            if (!turn.IsCompleted)
            {
                _parkedMessage = message;
                _parkedTurn = turn;
                turn.GetAwaiter().UnsafeOnCompleted(_onTurnCompleted);
                return;
            }
            turn.GetAwaiter().GetResult();
            if (!EndTurn(message)) return;
        }
        Schedule(); // still scheduled: let other activations have the thread
    }

    private void OnParkedTurnCompleted()
    {
        var message = _parkedMessage!;
        var turn = _parkedTurn;
        _parkedMessage = null;
        _parkedTurn = default;
        turn.GetAwaiter().GetResult();
        if (!EndTurn(message)) return;
        // Continue on the pool, not on whatever thread completed the turn's task (a timer, another grain's thread,
        // a test advancing a virtual clock).
        if (HasMoreWork()) Schedule();
    }

    private bool TryTakeNext(out GrainMessage message)
    {
        lock (_gate)
        {
            if (_next is not null)
            {
                message = _next;
                _next = null;
            }
            else if (!_mailbox.TryDequeue(out message!))
            {
                _scheduled = false;
                _running = null;
                message = null!;
            }
            _running = message;
        }
        if (message is not null) return true;
        Runtime.EndWork();
        return false;
    }

    private bool HasMoreWork()
    {
        lock (_gate)
        {
            if (_next is not null || _mailbox.Count > 0) return true;
            _scheduled = false;
            _running = null;
        }
        Runtime.EndWork();
        return false;
    }

    private ValueTask RunTurn(GrainMessage message)
    {
        if (message.IsAbandoned)
        {
            Runtime.Log.AbandonedMessageSkipped(message.Name, Id);
            return default;
        }
        try
        {
            return message.ExecuteAsync(this);
        }
        catch (Exception exception)
        {
            Runtime.Log.TurnFailed(exception, message.Name, Id);
            return default;
        }
    }

    /// <returns>False when the activation ended in this turn and the loop must stop.</returns>
    private bool EndTurn(GrainMessage message)
    {
        _processed++;
        if (message.KeepsActivationAlive) Volatile.Write(ref _lastUsedTick, Runtime.Collector.CurrentTick);
        if (_state == ActivationState.Invalid)
        {
            Runtime.EndWork();
            return false;
        }
        if (_deactivationRequested is { } reason)
        {
            _deactivationRequested = null;
            lock (_gate) _next ??= new DeactivateMessage(Id, reason);
        }
        return true;
    }

    /// <summary>The first turn: build the grain through DI with its persistent states, read them, run OnActivateAsync.</summary>
    public async ValueTask ActivateAsync()
    {
        try
        {
            _scope = Runtime.Services.CreateAsyncScope();
            _services = _scope.ServiceProvider;
            var slots = GrainClass.States;
            var states = new object[slots.Length];
            for (var i = 0; i < slots.Length; i++) states[i] = slots[i].Create(Id, _services, Runtime.Wire.Options);
            // Services first resolved here (and any background work they start) must not inherit this turn's context.
            RuntimeContext.CurrentActivation = null;
            t_beingConstructed = this;
            try
            {
                _grain = (Grain)GrainClass.Factory(_services, states);
            }
            finally
            {
                t_beingConstructed = null;
                RuntimeContext.CurrentActivation = this;
            }
            foreach (IPersistentStateLoader state in states) await state.ReadStateAsync().ConfigureAwait(false);
            using var timeout = new CancellationTokenSource(Runtime.Options.ActivationTimeout);
            await _grain.OnActivateAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            await FailActivationAsync(exception).ConfigureAwait(false);
            return;
        }
        lock (_gate) _state = ActivationState.Valid;
        Runtime.OnActivated(this);
    }

    private async ValueTask FailActivationAsync(Exception exception)
    {
        Runtime.Log.ActivationFailed(exception, Id);
        StopTimers();
        List<GrainMessage> orphans;
        lock (_gate)
        {
            _state = ActivationState.Invalid;
            orphans = [.. _mailbox];
            _mailbox.Clear();
            _next = null;
        }
        Runtime.Catalog.Remove(this);
        foreach (var orphan in orphans) orphan.Reject(Runtime, exception);
        await ReleaseAsync().ConfigureAwait(false);
        _ended.TrySetResult();
    }

    /// <summary>The last turn: stop timers, run OnDeactivateAsync, release the instance, hand queued calls on.</summary>
    public async ValueTask DeactivateAsync(DeactivateMessage message)
    {
        if (_state != ActivationState.Valid) return;
        if (message.IdleSinceTick is { } idleSince
            && (Volatile.Read(ref _lastUsedTick) != idleSince || Volatile.Read(ref _keepAliveUntilUtcTicks) > Runtime.TimeProvider.GetUtcNow().UtcTicks))
            return; // used (or kept alive) since the collector looked
        lock (_gate) _state = ActivationState.Deactivating;
        StopTimers();
        try
        {
            using var timeout = new CancellationTokenSource(Runtime.Options.DeactivationTimeout);
            await _grain!.OnDeactivateAsync(message.Reason, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            Runtime.Log.DeactivationFailed(exception, Id);
        }
        await ReleaseAsync().ConfigureAwait(false);
        List<GrainMessage> leftovers;
        lock (_gate)
        {
            _state = ActivationState.Invalid;
            leftovers = [.. _mailbox];
            _mailbox.Clear();
            _next = null;
        }
        Runtime.Catalog.Retire(this, leftovers);
        Runtime.OnDeactivated(this, message.Reason);
        _ended.TrySetResult();
    }

    private async ValueTask ReleaseAsync()
    {
        try
        {
            switch (_grain)
            {
                case IAsyncDisposable asyncDisposable: await asyncDisposable.DisposeAsync().ConfigureAwait(false); break;
                case IDisposable disposable: disposable.Dispose(); break;
            }
            if (_services is not null) await _scope.DisposeAsync().ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            Runtime.Log.DeactivationFailed(exception, Id);
        }
    }

    /// <summary>Asks for deactivation once the current turn ends (called from within a turn).</summary>
    public void RequestDeactivation(DeactivationReason reason) => _deactivationRequested ??= reason;

    /// <summary>Queues a deactivation behind what is already queued (shutdown).</summary>
    public bool EnqueueDeactivation(DeactivationReason reason) => TryEnqueue(new DeactivateMessage(Id, reason));

    public void DelayDeactivation(TimeSpan timeSpan)
    {
        long until;
        if (timeSpan < TimeSpan.Zero) until = 0;
        else
        {
            var now = Runtime.TimeProvider.GetUtcNow().UtcTicks;
            until = timeSpan.Ticks > DateTimeOffset.MaxValue.UtcTicks - now ? DateTimeOffset.MaxValue.UtcTicks : now + timeSpan.Ticks;
        }
        Volatile.Write(ref _keepAliveUntilUtcTicks, until);
    }

    /// <summary>Queues an idle deactivation if the activation has not been used for more than
    /// <paramref name="ageInTicks"/> collection ticks and nothing keeps it alive.</summary>
    public bool TryCollectIfIdle(long currentTick, long ageInTicks, long nowUtcTicks)
    {
        var lastUsed = Volatile.Read(ref _lastUsedTick);
        if (currentTick - lastUsed <= ageInTicks) return false;
        if (Volatile.Read(ref _keepAliveUntilUtcTicks) > nowUtcTicks) return false;
        lock (_gate)
        {
            if (_state != ActivationState.Valid || _scheduled) return false;
        }
        return TryEnqueue(new DeactivateMessage(
            Id, new DeactivationReason(DeactivationReasonCode.ActivationIdle, "no calls for longer than the collection age"), lastUsed));
    }

    /// <summary>Adds the calls whose caller has been waiting (running or queued) since before <paramref name="sentBefore"/>
    /// to <paramref name="waiting"/>, with what they are waiting behind.</summary>
    public void CollectWaitingCalls(long sentBefore, List<WaitingCall> waiting)
    {
        lock (_gate)
        {
            if (_running is { HasWaitingCaller: true } running && running.SentAt < sentBefore)
                waiting.Add(new WaitingCall(running, Running: true, Blocker: null, _state));
            foreach (var message in _mailbox)
            {
                if (message.SentAt < sentBefore && message.HasWaitingCaller) waiting.Add(new WaitingCall(message, Running: false, Blocker: _running, _state));
            }
        }
    }

    public IDisposable RegisterTimer(Func<object?, Task> callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(callback);
        if (_state is ActivationState.Deactivating or ActivationState.Invalid)
            throw new InvalidOperationException($"{Id} is deactivating; it cannot register timers.");
        var timer = new GrainTimer(this, callback, state, dueTime, period);
        lock (_timers) _timers.Add(timer);
        timer.Start();
        return timer;
    }

    public void RemoveTimer(GrainTimer timer)
    {
        lock (_timers) _timers.Remove(timer);
    }

    private void StopTimers()
    {
        GrainTimer[] timers;
        lock (_timers)
        {
            timers = [.. _timers];
            _timers.Clear();
        }
        foreach (var timer in timers) timer.Dispose();
    }
}
