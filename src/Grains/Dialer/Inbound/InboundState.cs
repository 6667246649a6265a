namespace CallCenter.Grains.Dialer.Inbound;

public enum InboundPhase
{
    /// <summary>Adopted; the switch is answering the leg.</summary>
    Answering,
    /// <summary>The task's voice plays.</summary>
    Greeting,
    /// <summary>Waiting in the queue (hold music) for an agent.</summary>
    Queued,
    /// <summary>An agent is reserved and their phone rings (hold music goes on).</summary>
    RingingAgent,
    Connected,
    /// <summary>No agent will come: the information (or closed) prompt plays, then the leg is released.</summary>
    Closing,
    /// <summary>Every leg is gone; the call log row is being written.</summary>
    Ended,
}

/// <summary>An inbound task's queue and live calls, persisted with the task (<see cref="DialTaskState.Inbound"/>).</summary>
public sealed class InboundQueueState
{
    /// <summary>Live calls by call id (the customer leg's id, as the router assigns it).</summary>
    public Dictionary<string, InboundCall> Calls { get; set; } = new(StringComparer.Ordinal);
    /// <summary>Queue order: each queued call takes the next number once; a call whose agent did not answer keeps its number.</summary>
    public long NextSequence { get; set; }
    /// <summary>Numbers this task holds now (claimed at start, released at end).</summary>
    public List<string> ClaimedNumbers { get; set; } = [];
    /// <summary>When each agent last finished an inbound call of this task (plus wrap-up): longest idle goes first.</summary>
    public Dictionary<string, DateTimeOffset> AgentFreeSince { get; set; } = new(StringComparer.Ordinal);
}

public sealed class InboundCall
{
    public string CallId { get; set; } = "";
    public string CustomerLegId { get; set; } = "";
    public string Caller { get; set; } = "";
    public string Dialled { get; set; } = "";
    public string? Gateway { get; set; }
    public InboundPhase Phase { get; set; }
    public long Sequence { get; set; }
    public DateTimeOffset ArrivedAt { get; set; }
    public DateTimeOffset? AnsweredAt { get; set; }
    public DateTimeOffset? QueuedAt { get; set; }
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
    public string? ConnectedAgent { get; set; }
    public string? FirstToHangUp { get; set; }
    /// <summary>Why no agent was reached: customer (28), timeout (40), noagents / closed / ended (35).</summary>
    public string? Reason { get; set; }
    public string? RecordingKey { get; set; }
    /// <summary>Agents who did not answer this call, not offered it again.</summary>
    public List<string> Declined { get; set; } = [];
}
