using CallCenter.Runtime.Core;

namespace CallCenter.Runtime.Messaging;

/// <summary>
/// Something an activation does as one turn: a call, a timer or reminder tick, a stream delivery, or its own activation
/// and deactivation. Messages wait in the activation's mailbox and run one at a time in arrival order.
/// </summary>
internal abstract class GrainMessage(GrainId target)
{
    public GrainId Target { get; } = target;

    /// <summary><see cref="Environment.TickCount64"/> (real-time milliseconds) at the first dispatch: the call timeout counts
    /// from here, and forwarding to a new activation does not reset it. A coarse clock, because a precise one costs a
    /// measurable share of a call on virtual machines and the timeout is only checked a few times per period anyway.</summary>
    public long SentAt { get; set; }

    /// <summary>Whether running this message counts as use of the activation for idle collection.</summary>
    public virtual bool KeepsActivationAlive => true;

    /// <summary>Whether a message still queued when its activation deactivates goes on to the next activation (calls do;
    /// timer ticks and control messages belong to the old activation and are dropped).</summary>
    public virtual bool SurvivesDeactivation => true;

    /// <summary>True for a request whose caller has stopped waiting (timed out): the runtime skips it.</summary>
    public virtual bool IsAbandoned => false;

    /// <summary>True while a caller waits on the outcome, so the call timeout applies.</summary>
    public virtual bool HasWaitingCaller => false;

    /// <summary>Short name for logs and timeout messages, e.g. <c>ISeatGrain.Login</c>.</summary>
    public abstract string Name { get; }

    /// <summary>Runs the turn. Never throws: failures go to the caller or to the log.</summary>
    public abstract ValueTask ExecuteAsync(ActivationData activation);

    /// <summary>The message will never run (activation failed, runtime stopped): tell whoever waits.</summary>
    public abstract void Reject(GrainRuntime runtime, Exception reason);

    /// <summary>The message was refused before it left the sender (serialization failed, runtime stopped).</summary>
    public virtual void RejectAtSend(GrainRuntime runtime, Exception reason) => Reject(runtime, reason);

    /// <summary>Fails the waiting caller with <paramref name="timeout"/>; false if the call had already finished.</summary>
    public virtual bool TryExpire(GrainCallTimeoutException timeout) => false;

    /// <summary>Converts arguments as a remote transport would (see <see cref="RuntimeOptions.SerializeCalls"/>).</summary>
    public virtual void PrepareForWire(GrainRuntime runtime) { }
}
