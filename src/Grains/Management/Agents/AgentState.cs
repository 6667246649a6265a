using CallCenter.Calls;
using CallCenter.Management.Agents;

namespace CallCenter.Grains.Management.Agents;

public sealed class AgentState
{
    public AgentAssignment? Assignment { get; set; }
    public bool Enabled { get; set; } = true;
    public bool Registered { get; set; }
    /// <summary>The agent's own choice (Busy or Idle); reported as Unavailable while disabled.</summary>
    public AgentWorkStatus WorkStatus { get; set; } = AgentWorkStatus.Busy;
    public AgentWorkType? WorkType { get; set; }
    public AgentCallState? Call { get; set; }
    public DateTimeOffset? LastSessionBeginTime { get; set; }
    /// <summary>The off-hook leg (workType 20) while it is up.</summary>
    public string? OffHookLegId { get; set; }
}

/// <summary>The call an agent is reserved for or on.</summary>
public sealed class AgentCallState
{
    public string CallId { get; set; } = "";
    public AgentCallKind Kind { get; set; }
    public LegOwner Controller { get; set; } = new("", "");
    public string? TelNo { get; set; }
    public string? CallTaskCode { get; set; }
    public string? FromUsername { get; set; }
    public AgentCallPhase? Phase { get; set; }
    public DateTimeOffset ReservedAt { get; set; }
}
