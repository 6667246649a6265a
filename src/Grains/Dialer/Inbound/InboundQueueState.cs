namespace CallCenter.Grains.Dialer.Inbound;

/// <summary>Where a caller is in the task's queue. The call itself (legs, prompts, agent, outcome) is its
/// <c>InboundCallGrain</c>'s; the task only orders the callers and hands out agents.</summary>
public enum InboundQueueStage
{
    /// <summary>Handed to its call grain, which answers and greets; not in the queue until the call reports the caller
    /// waiting.</summary>
    Admitted,
    /// <summary>In the queue, in <see cref="InboundQueueEntry.Sequence"/> order, without an agent.</summary>
    Waiting,
    /// <summary>An agent (<see cref="InboundQueueEntry.Agent"/>) is ringing or talking with the caller.</summary>
    Offered,
    /// <summary>Out of the queue (closing, or gone); counted when the call reports its outcome.</summary>
    Leaving,
}

/// <summary>An inbound task's queue, persisted with the task (<see cref="DialTaskState.Inbound"/>).</summary>
public sealed class InboundQueueState
{
    /// <summary>Callers not yet counted (their call-log row not yet reported), by call id (the caller leg's id, as the
    /// router assigns it).</summary>
    public Dictionary<string, InboundQueueEntry> Calls { get; set; } = new(StringComparer.Ordinal);
    /// <summary>Queue order: each caller takes the next number once, when first waiting; a caller whose agent did not
    /// answer keeps theirs (and so their place at the head).</summary>
    public long NextSequence { get; set; }
    /// <summary>Numbers this task holds now (claimed at start, released at end).</summary>
    public List<string> ClaimedNumbers { get; set; } = [];
    /// <summary>When each agent last finished an inbound call of this task (plus wrap-up): longest idle goes first.</summary>
    public Dictionary<string, DateTimeOffset> AgentFreeSince { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>One caller as the queue sees them; enough to admit the caller to their call grain again after a crash.</summary>
public sealed class InboundQueueEntry
{
    public string CallId { get; set; } = "";
    public string CustomerLegId { get; set; } = "";
    public string Caller { get; set; } = "";
    public string Dialled { get; set; } = "";
    public string? Gateway { get; set; }
    public DateTimeOffset ArrivedAt { get; set; }
    /// <summary>Set when the leg was already answered when the task took it (adopted from the switch after a restart).</summary>
    public DateTimeOffset? AnsweredAt { get; set; }
    /// <summary>Admitted while the task was paused: the caller hears the closed prompt.</summary>
    public bool Closed { get; set; }
    public InboundQueueStage Stage { get; set; }
    public long Sequence { get; set; }
    public string? Agent { get; set; }
    /// <summary>Agents who did not answer this caller, not offered them again.</summary>
    public List<string> Declined { get; set; } = [];
}
