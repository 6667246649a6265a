using CallCenter.Runtime.Core;

namespace CallCenter.Runtime.Messaging;

/// <summary>The last turn of an activation: run OnDeactivateAsync, then hand queued calls to a successor.</summary>
/// <param name="IdleSinceTick">For idle collection: the collection tick of the activation's last use when the collector
/// decided; if the activation was used since, it stays.</param>
internal sealed class DeactivateMessage(GrainId target, DeactivationReason reason, long? idleSinceTick = null) : GrainMessage(target)
{
    public DeactivationReason Reason { get; } = reason;

    public long? IdleSinceTick { get; } = idleSinceTick;

    public override string Name => "(deactivate)";

    public override bool KeepsActivationAlive => false;

    public override bool SurvivesDeactivation => false;

    public override ValueTask ExecuteAsync(ActivationData activation) => activation.DeactivateAsync(this);

    public override void Reject(GrainRuntime runtime, Exception reason) { }
}
