using CallCenter.Dialer;

namespace CallCenter.Grains.Dialer;

public sealed class DialTaskState
{
    public CallTaskDefinition? Definition { get; set; }
    public CallTaskState Status { get; set; } = CallTaskState.Initial;
    public List<TaskGateway> Gateways { get; set; } = [];
    public double Rate { get; set; }
    /// <summary>The list the task dials (the submitted one, or the recall list built at submit).</summary>
    public string? ListId { get; set; }
    /// <summary>The last list entry taken (dialled, handed out or skipped). Persisted before the originate.</summary>
    public long Cursor { get; set; }
    public bool ListExhausted { get; set; }
    /// <summary>Calls originated (or about to be) and not yet finished, by call id (or "pending:{entry}" for an
    /// agent-first call whose id the agent grain has not yet returned).</summary>
    public Dictionary<string, InFlightCall> InFlight { get; set; } = new(StringComparer.Ordinal);
    /// <summary>Preview numbers handed out and not yet called: number → agent.</summary>
    public Dictionary<string, string> HandedOut { get; set; } = new(StringComparer.Ordinal);
    /// <summary>Preview call ids already counted.</summary>
    public HashSet<string> CountedPreviewCalls { get; set; } = new(StringComparer.Ordinal);
    public long Total { get; set; }
    public long Success { get; set; }
    public long Fail { get; set; }
    public long Reject { get; set; }
    public long Miss { get; set; }
    public long SkippedBlacklisted { get; set; }
    public long SkippedDailyLimit { get; set; }
    public Dictionary<int, long> ByDetail { get; set; } = [];
    public DialerMeasurements Measured { get; set; } = new();
    public AbandonRateWindow Abandons { get; set; } = new();
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? EndedAt { get; set; }
    /// <summary>Inbound tasks (callType 3): the claimed numbers, the queue and the live calls.</summary>
    public Inbound.InboundQueueState Inbound { get; set; } = new();
}

public sealed class InFlightCall
{
    public long EntryId { get; set; }
    public string Number { get; set; } = "";
    public string? GwCode { get; set; }
    public DateTimeOffset LaunchedAt { get; set; }
    /// <summary>The plan, so a restarted task can re-issue an idempotent start (customer-first calls); dropped once the
    /// call grain has stored it (<see cref="Started"/>), which keeps the task's state write small.</summary>
    public DialCallPlan? Plan { get; set; }
    /// <summary>The call grain has the plan (and the call): nothing to re-issue after a restart.</summary>
    public bool Started { get; set; }
    public bool AgentFirst { get; set; }
    public string? Agent { get; set; }
}

/// <summary>What the task learned about its list and agents: the predictive model's inputs.</summary>
public sealed class DialerMeasurements
{
    public long Attempts { get; set; }
    public long Answered { get; set; }
    public long Connected { get; set; }
    public long Abandoned { get; set; }
    /// <summary>Unanswered calls that rang until the ring timeout (pacing: the answer-rate estimate).</summary>
    public long RingOuts { get; set; }
    public double RingSecondsAnswered { get; set; }
    public double TalkSeconds { get; set; }
    public double WrapSeconds { get; set; }
    public double WaitMilliseconds { get; set; }
}
