using CallCenter.Dialer;
using CallCenter.Management.Agents;

namespace CallCenter.Grains.Dialer;

/// <summary>Schedule 4 (off-hook agents): which agents a task may offer customers to.</summary>
public sealed partial class DialTaskGrain
{
    /// <summary>A schedule-4 task offers customers only to agents whose off-hook leg is up (they are joined, not rung);
    /// every other schedule leaves off-hook agents (workType 20) alone, as their phone is held by the off-hook leg.</summary>
    private bool FitsScheduleOffHook(AgentSnapshot agent)
        => S.Definition?.ScheduleType == ScheduleType.OffHookAgent
            ? agent.OffHookLegId is not null
            : agent.OffHookLegId is null && agent.WorkType != AgentWorkType.LongConnection;
}
