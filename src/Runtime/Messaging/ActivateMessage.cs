using CallCenter.Runtime.Core;

namespace CallCenter.Runtime.Messaging;

/// <summary>The first turn of every activation: construct the grain, read its state, run OnActivateAsync.</summary>
internal sealed class ActivateMessage(GrainId target) : GrainMessage(target)
{
    public override string Name => "(activate)";

    public override bool SurvivesDeactivation => false;

    public override ValueTask ExecuteAsync(ActivationData activation) => activation.ActivateAsync();

    public override void Reject(GrainRuntime runtime, Exception reason) { }
}
