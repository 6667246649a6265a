using CallCenter.Runtime.Core;
using CallCenter.Runtime.Messaging;

namespace CallCenter.Runtime.Timers;

/// <summary>A due timer's callback, as a turn. Timer ticks do not keep an activation alive (as in Orleans) and die with it.</summary>
internal sealed class TimerTickMessage(GrainId target, GrainTimer timer) : GrainMessage(target)
{
    public override string Name => "(timer)";

    public override bool KeepsActivationAlive => false;

    public override bool SurvivesDeactivation => false;

    public override ValueTask ExecuteAsync(ActivationData activation) => timer.TickAsync();

    public override void Reject(GrainRuntime runtime, Exception reason) { }
}
