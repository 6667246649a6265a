using CallCenter.Management;
using CallCenter.Management.CallLogs;

namespace CallCenter.Dialer;

/// <summary>
/// One call task (呼叫任务) of the management API: its definition, its position in the number list, the calls it has in
/// flight, its counters and its pacing. Every state change is persisted before it is acknowledged; a number is marked as
/// taken durably before its call is originated. Key: <see cref="DialerKeys.Task"/>.
/// </summary>
[Alias("dialer.IDialTaskGrain")]
public interface IDialTaskGrain : IGrainWithStringKey
{
    Task<ManagementResult> SubmitAsync(CallTaskDefinition definition);

    Task<ManagementResult> StartAsync();

    Task<ManagementResult> PauseAsync();

    Task<ManagementResult> EndAsync();

    /// <summary>setTaskConcurrent: new per-gateway concurrency and rate, effective at the next pacing decision.</summary>
    Task<ManagementResult> SetConcurrencyAsync(IReadOnlyList<TaskGateway> gateways, double rate);

    /// <summary>callTaskAdditional: numbers were appended to the list after <paramref name="callListLastId"/>.</summary>
    Task<ManagementResult> AdditionalAsync(long callListLastId);

    Task<ManagementResult<CallTaskStatusInfo>> GetStatusAsync();

    /// <summary>getCallList (preview tasks): hands out up to <paramref name="count"/> numbers not handed out before.</summary>
    Task<ManagementResult<IReadOnlyList<string>>> TakePreviewNumbersAsync(string? username, int count);

    /// <summary>From a dial call: its customer is answered (and heard the voice, if any) and needs an agent now. Applied
    /// only to a call the task still has in flight: one that overtook the call's outcome (one-way calls keep no order)
    /// changes nothing.</summary>
    [OneWay]
    Task OnCustomerReadyAsync(string callId);

    /// <summary>From a dial call, an inbound call or an agent call of this task: the call is over and its call log row is
    /// written. Counted once (a repeat after a crash finds the call no longer held). One-way: the agent call can finish
    /// inside the task's own awaited <c>PlaceCallAsync</c>, so an awaited report would be a call cycle.</summary>
    [OneWay]
    Task OnCallFinishedAsync(DialCallOutcome outcome);

    public static bool IsValidCode(string? code)
        => code is { Length: > 0 and <= 64 } && code.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.');
}

/// <summary>The spec's scheduleType (系统调拨类型).</summary>
[GenerateSerializer, Alias("dialer.ScheduleType")]
public enum ScheduleType
{
    /// <summary>Customer first; on answer connected to an agent.</summary>
    ConnectAgent = 1,
    /// <summary>Customer first; on answer a voice is played, then an agent.</summary>
    VoiceThenAgent = 2,
    /// <summary>Agent first (the agent's phone rings), then the customer is dialled.</summary>
    AgentFirst = 3,
    /// <summary>Off-hook agents (already connected): customers are joined to the agent's off-hook conference (<see cref="IOffHookAgentGrain"/>).</summary>
    OffHookAgent = 4,
    /// <summary>Customer first; a voice is played and the call ends.</summary>
    VoiceOnly = 5,
    /// <summary>Customers call in and are queued to agents.</summary>
    Inbound = 11,
}

/// <summary>The spec's callType (拨打类型).</summary>
[GenerateSerializer, Alias("dialer.TaskCallType")]
public enum TaskCallType
{
    Predictive = 1,
    Preview = 2,
    Inbound = 3,
}

/// <summary>How many calls a pacing decision launches.</summary>
[GenerateSerializer, Alias("dialer.PacingMode")]
public enum PacingMode
{
    /// <summary>One call per idle agent.</summary>
    Progressive = 1,
    /// <summary>floor(idle × rate) − running calls (the original's rule).</summary>
    FixedRatio = 2,
    /// <summary>Model-based, holding the abandon rate under a cap (the default for predictive tasks).</summary>
    Predictive = 3,
}

/// <summary>The spec's task status: 1 initial, 2 running, 3 paused, 4 ended.</summary>
[GenerateSerializer, Alias("dialer.CallTaskState")]
public enum CallTaskState
{
    Initial = 1,
    Running = 2,
    Paused = 3,
    Ended = 4,
}

/// <param name="Concurrency">Calls the task may have through this gateway at once.</param>
[GenerateSerializer, Immutable, Alias("dialer.TaskGateway")]
public sealed record TaskGateway(string Code, int Concurrency);

/// <summary>submitCallTask, validated by the edge.</summary>
/// <param name="CallListId">The number list (see <see cref="ICallListGrain"/>); null for a recall task.</param>
/// <param name="OriginalCallTaskCode">Recall: the task whose results are dialled again.</param>
/// <param name="OriginalResultDetails">Recall: which resultDetail codes are dialled again.</param>
/// <param name="Pacing">Null: predictive for call type 1.</param>
/// <param name="AbandonCap">The hard abandon-rate cap of predictive pacing (0.03).</param>
/// <param name="WrapUpSeconds">Time after a task call ends before the agent gets the next one (our extension).</param>
/// <param name="DailyLimit">Calls per number per local day across the tenant's tasks; null: the dialer's default.</param>
/// <param name="InboundNumbers">Inbound tasks: the public numbers whose callers the task queues (our extension).</param>
/// <param name="QueueTimeoutSeconds">Inbound tasks: how long a caller waits for an agent; null: the dialer's default (60 s).</param>
[GenerateSerializer, Immutable, Alias("dialer.CallTaskDefinition")]
public sealed record CallTaskDefinition(
    string CallTaskCode,
    string ProjectCode,
    ScheduleType ScheduleType,
    TaskCallType CallType,
    IReadOnlyList<TaskGateway> Gateways,
    double Rate,
    DateTimeOffset ExpiredTime,
    string? CallListId = null,
    string? VoiceCode = null,
    string? OriginalCallTaskCode = null,
    IReadOnlyList<int>? OriginalResultDetails = null,
    PacingMode? Pacing = null,
    double? AbandonCap = null,
    int? WrapUpSeconds = null,
    int? DailyLimit = null,
    IReadOnlyList<string>? InboundNumbers = null,
    int? QueueTimeoutSeconds = null);

/// <summary>How a call of the task ended, as its call log row says.</summary>
/// <param name="Answered">The customer answered.</param>
/// <param name="Abandoned">Answered, but no agent was reached (30/35 and 30/28).</param>
/// <param name="RingSeconds">From originate to answer (answered calls) or to the end.</param>
/// <param name="WaitMilliseconds">From answer to the agent's bridge (connected calls).</param>
[GenerateSerializer, Immutable, Alias("dialer.DialCallOutcome")]
public sealed record DialCallOutcome(
    string CallId,
    string? Number,
    int Result,
    int ResultDetail,
    bool Answered,
    bool Abandoned,
    string? Agent,
    double RingSeconds,
    double TalkSeconds,
    double WaitMilliseconds,
    bool Preview = false);

/// <summary>callTaskStatus and the pacing's inputs and last decision.</summary>
[GenerateSerializer, Immutable, Alias("dialer.CallTaskStatusInfo")]
public sealed record CallTaskStatusInfo(
    string CallTaskCode,
    string ProjectCode,
    CallTaskState Status,
    ScheduleType ScheduleType,
    TaskCallType CallType,
    PacingMode Pacing,
    double Rate,
    IReadOnlyList<TaskGateway> Gateways,
    long TotalCount,
    long SuccessCount,
    long FailCount,
    long RejectCount,
    long MissCount,
    long RunningCount,
    long SkippedBlacklisted,
    long SkippedDailyLimit,
    long Remaining,
    IReadOnlyDictionary<int, long> ByResultDetail,
    DialerStatistics Statistics,
    PacingSnapshot? LastDecision,
    DateTimeOffset ExpiredTime,
    DateTimeOffset? StartedAt,
    DateTimeOffset? EndedAt);

/// <summary>What the task measured (also what the benchmark reads).</summary>
[GenerateSerializer, Immutable, Alias("dialer.DialerStatistics")]
public sealed record DialerStatistics(
    long Answered,
    long Connected,
    long Abandoned,
    double TalkSeconds,
    double WrapSeconds,
    double WaitMillisecondsTotal,
    double AbandonRate24h,
    double AbandonRate30d,
    double AnswerProbability,
    double MeanRingSeconds,
    double MeanTalkSeconds);

/// <summary>One pacing decision: its inputs and what it chose.</summary>
[GenerateSerializer, Immutable, Alias("dialer.PacingSnapshot")]
public sealed record PacingSnapshot(
    DateTimeOffset At,
    PacingMode Mode,
    int IdleAgents,
    int AgentsOnCall,
    int PendingCalls,
    int WaitingCustomers,
    double ExpectedAnswers,
    double ExpectedFreeAgents,
    double EffectiveAbandonCap,
    int Wanted,
    int Launched,
    string Reason);

public static class CallResultCounting
{
    /// <summary>Which counter of callTaskStatus a call log result falls in: 10 success, 30 missed, else failed; detail 10
    /// also counts as rejected.</summary>
    public static bool IsReject(int detail) => detail == CallResultDetails.Rejected;
}
