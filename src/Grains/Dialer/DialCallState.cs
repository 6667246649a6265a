using CallCenter.Dialer;

namespace CallCenter.Grains.Dialer;

public enum DialCallPhase
{
    Dialling,
    PlayingVoice,
    WaitingForAgent,
    RingingAgent,
    Connected,
    Abandoning,
    Ended,
}

public sealed class DialCallState
{
    public DialCallPlan? Plan { get; set; }
    public DialCallPhase Phase { get; set; }
    public DateTimeOffset StartedAt { get; set; }
    public DateTimeOffset? AnsweredAt { get; set; }
    /// <summary>When the customer became ready for an agent: the abandon limit counts from here.</summary>
    public DateTimeOffset? WaitingSince { get; set; }
    public DateTimeOffset? ConnectedAt { get; set; }
    public DateTimeOffset? EndedAt { get; set; }
    public string? CustomerLegId { get; set; }
    public string? CustomerCause { get; set; }
    public int CustomerBillSeconds { get; set; }
    public bool CustomerHungUp { get; set; }
    public string? AgentLegId { get; set; }
    public string? Agent { get; set; }
    /// <summary>The agent that talked with the customer (kept after the agent leg is gone).</summary>
    public string? ConnectedAgent { get; set; }
    public bool AgentAttached { get; set; }
    public bool AgentLegHungUp { get; set; }
    public string? FirstToHangUp { get; set; }
    /// <summary>Why no agent was reached: "timeout" (the 2-s limit) or "customer" (hung up waiting).</summary>
    public string? AbandonReason { get; set; }
    public bool Logged { get; set; }
    /// <summary>Where the conversation is being recorded, once the customer reached an agent and recording started.</summary>
    public string? RecordingKey { get; set; }
    public bool RecordingClosed { get; set; }
}
