using CallCenter.Dialer;

namespace CallCenter.Grains.Dialer.Inbound;

public sealed class InboundCallState
{
    public InboundCallPlan? Plan { get; set; }
    public InboundCallPhase Phase { get; set; }
    public DateTimeOffset? AnsweredAt { get; set; }
    /// <summary>When the caller first joined the queue: the queue timeout counts from here, also while an agent rings.</summary>
    public DateTimeOffset? WaitingSince { get; set; }
    public DateTimeOffset? ConnectedAt { get; set; }
    public DateTimeOffset? EndedAt { get; set; }
    public bool CustomerHungUp { get; set; }
    public string? CustomerCause { get; set; }
    public int CustomerBillSeconds { get; set; }
    public string? Agent { get; set; }
    public string? AgentLegId { get; set; }
    public bool AgentLegHungUp { get; set; }
    /// <summary>The agent grain holds a reservation for this call.</summary>
    public bool AgentAttached { get; set; }
    /// <summary>The agent that talked with the caller (kept after the agent leg is gone).</summary>
    public string? ConnectedAgent { get; set; }
    public string? FirstToHangUp { get; set; }
    /// <summary>Why no agent was reached: customer (28), timeout (40), noagents / closed / ended (35).</summary>
    public string? Reason { get; set; }
    public string? RecordingKey { get; set; }
    public bool Logged { get; set; }
}
