using System.Text;
using CallCenter.Runtime.Messaging;

namespace CallCenter.Runtime.Core;

/// <summary>
/// Fails calls whose caller has waited longer than <see cref="RuntimeOptions.CallTimeout"/>. One real-time timer looks
/// through the mailboxes a few times per timeout instead of every call carrying its own timer; a call that times out
/// while still queued is skipped when its turn would come.
/// <para>
/// In a call cycle (A→B→A) every call of the chain times out at about the same moment. The one that closes the cycle —
/// queued at a grain whose running turn is one of its own callers, a certain deadlock — says what happened, so it goes
/// first: the calls it descends from are held back (up to a second timeout) and then complete with its exception, which
/// is what the outermost caller sees.
/// </para>
/// </summary>
internal sealed class CallTimeoutSweeper(GrainRuntime runtime) : IDisposable
{
    private readonly List<WaitingCall> _waiting = [];
    private readonly HashSet<GrainMessage> _cycleAncestors = new(ReferenceEqualityComparer.Instance);
    private readonly HashSet<GrainMessage> _cycleClosers = new(ReferenceEqualityComparer.Instance);
    private bool _closerExpired;
    private Timer? _timer;
    private TimeSpan _period;
    private int _sweeping;

    public void Start()
    {
        _period = TimeSpan.FromTicks(Math.Clamp(runtime.Options.CallTimeout.Ticks / 10, TimeSpan.FromMilliseconds(10).Ticks, TimeSpan.FromSeconds(1).Ticks));
        _timer ??= new Timer(static self => ((CallTimeoutSweeper)self!).Sweep(), this, _period, _period);
    }

    public void Dispose() => Interlocked.Exchange(ref _timer, null)?.Dispose();

    private void Sweep()
    {
        if (Interlocked.Exchange(ref _sweeping, 1) == 1) return;
        try
        {
            var timeout = runtime.Options.CallTimeout;
            var now = Environment.TickCount64;
            var timeoutTicks = (long)timeout.TotalMilliseconds;
            // Calls younger than half the timeout cannot be overdue, nor close a cycle whose outer calls are (in a deadlock
            // the whole chain is sent within moments).
            foreach (var activation in runtime.Catalog.Activations) activation.CollectWaitingCalls(now - timeoutTicks / 2, _waiting);
            foreach (var waiting in _waiting)
            {
                if (waiting is not { Running: false, Message: GrainCall call, Blocker: { } blocker } || !IsAncestor(blocker, call)) continue;
                _cycleClosers.Add(call);
                for (var ancestor = call.Caller; ancestor is not null; ancestor = ancestor.Caller) _cycleAncestors.Add(ancestor);
            }
            // Cycle closers first, so their diagnosis is what propagates; their callers get it in this sweep's stead.
            foreach (var waiting in _waiting)
            {
                if (_cycleClosers.Contains(waiting.Message) && now - waiting.Message.SentAt > timeoutTicks) Expire(waiting, timeout, now, cycle: true);
            }
            foreach (var waiting in _waiting)
            {
                var waited = now - waiting.Message.SentAt;
                if (waited <= timeoutTicks || _cycleClosers.Contains(waiting.Message)) continue;
                if (_cycleAncestors.Contains(waiting.Message) && (waited <= 2 * timeoutTicks || _closerExpired)) continue;
                Expire(waiting, timeout, now, cycle: false);
            }
        }
        finally
        {
            _closerExpired = false;
            _waiting.Clear();
            _cycleAncestors.Clear();
            _cycleClosers.Clear();
            Volatile.Write(ref _sweeping, 0);
        }
    }

    private void Expire(WaitingCall waiting, TimeSpan timeout, long now, bool cycle)
    {
        if (!waiting.Message.TryExpire(CreateException(waiting, timeout, now, cycle))) return;
        _closerExpired |= cycle;
        runtime.OnCallTimedOut();
        runtime.Log.CallTimedOut(waiting.Message.Name, waiting.Message.Target, timeout, waiting.Running);
    }

    private static bool IsAncestor(GrainMessage candidate, GrainCall call)
    {
        for (var ancestor = call.Caller; ancestor is not null; ancestor = ancestor.Caller)
        {
            if (ReferenceEquals(ancestor, candidate)) return true;
        }
        return false;
    }

    private static GrainCallTimeoutException CreateException(WaitingCall waiting, TimeSpan timeout, long now, bool cycle)
    {
        var message = waiting.Message;
        var text = new StringBuilder()
            .Append($"Call to {message.Target} {message.Name} timed out after {timeout.TotalSeconds:0.###} s: ");
        if (waiting.Running) text.Append("it started but did not finish.");
        else if (waiting.State == ActivationState.Creating) text.Append("it is queued while the grain is still activating.");
        else if (waiting.Blocker is { } blocker)
            text.Append($"it is queued behind {blocker.Name}, which is still running (sent {(now - blocker.SentAt) / 1000.0:0.###} s ago).");
        else text.Append("it is still queued.");
        if (message is GrainCall call)
        {
            if (cycle)
                text.Append($" This is a call cycle: the chain comes back to {call.Target} while its turn for an earlier call of the same chain waits for it, a deadlock for non-reentrant grains.");
            if (call.Caller is not null) text.Append($" Call chain: {call.DescribeChain()}.");
        }
        text.Append(" (A call cycle A→B→A surfaces as this timeout; make one direction [OneWay] or move the work out of the turn.)");
        return new GrainCallTimeoutException(message.Target, message.Name, timeout, text.ToString());
    }
}
