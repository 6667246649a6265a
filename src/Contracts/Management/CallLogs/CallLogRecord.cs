using CallCenter.Management.Agents;

namespace CallCenter.Management.CallLogs;

/// <summary>
/// The one row every call leaves when it ends (agent, preview, predictive, inbound, manager, conference, eavesdrop), as
/// getList reports it. Written once by the grain that owned the call; the store assigns <see cref="CallLogEntry.Id"/>.
/// </summary>
/// <param name="CallId">Unique per tenant; a second write of the same call is ignored.</param>
/// <param name="CallerIdNumber">The agent's extension (or the manager's), the spec's <c>callerIdNumber</c>.</param>
/// <param name="DestinationNumber">The other party without any gateway prefix.</param>
/// <param name="RecordingBlobKey">Key of the recording in the blob store, if the call was recorded.</param>
/// <param name="DurationSeconds">From the first leg's creation to the end.</param>
/// <param name="BillSeconds">Talk time of the billed (customer) leg.</param>
/// <param name="PriceRule">"N|P" of the gateway used.</param>
/// <param name="PriceCal">Cost in fen (分): ceil(billsec/N) * P.</param>
/// <param name="Result">10 success, 20 failure, 30 missed.</param>
/// <param name="ResultDetail">The spec's detail code (1, 5, 10, 20, 25, 28, 30, 32, 35, 40, 50, 55).</param>
/// <param name="Evaluation">Satisfaction (1 very satisfied, 2 satisfied, 3 dissatisfied) when collected.</param>
/// <param name="HangupCause">The switch's cause for the leg that decided the result.</param>
[GenerateSerializer, Immutable, Alias("management.calllogs.CallLogRecord")]
public sealed record CallLogRecord(
    string TenantId,
    string CallId,
    AgentCallKind Kind,
    string? ProjectCode,
    string? CallTaskCode,
    string? CallerIdNumber,
    string? DestinationNumber,
    string? RecordingBlobKey,
    DateTimeOffset StartTime,
    DateTimeOffset EndTime,
    int DurationSeconds,
    int BillSeconds,
    string? PriceRule,
    decimal? PriceCal,
    int Result,
    int ResultDetail,
    int? Evaluation,
    string? HangupCause,
    string? GatewayCode);

/// <summary>A stored row: the record plus its id, the store's timestamps and where its recording is.</summary>
/// <param name="RecordingSavedAt">When the recording became durable in the archive.</param>
[GenerateSerializer, Immutable, Alias("management.calllogs.CallLogEntry")]
public sealed record CallLogEntry(long Id, CallLogRecord Record, DateTimeOffset AddTime, DateTimeOffset UpdateTime,
    RecordingState RecordingState = RecordingState.None, DateTimeOffset? RecordingSavedAt = null);

/// <summary>The spec's result codes (<c>result</c>).</summary>
public static class CallResults
{
    public const int Success = 10;
    public const int Failure = 20;
    public const int Missed = 30;
}

/// <summary>The spec's detail codes (<c>resultDetail</c>).</summary>
public static class CallResultDetails
{
    public const int EmptyNumber = 1;
    public const int NotConnected = 5;
    public const int Rejected = 10;
    public const int CustomerBusy = 20;
    public const int CustomerNoAnswer = 25;
    public const int CustomerHungUpWaiting = 28;
    public const int AgentBusy = 30;
    public const int AgentNoAnswer = 32;
    public const int AllAgentsBusy = 35;
    public const int QueueTimeout = 40;
    public const int AgentHungUp = 50;
    public const int CustomerHungUp = 55;

    public static readonly IReadOnlySet<int> All = new HashSet<int> { 1, 5, 10, 20, 25, 28, 30, 32, 35, 40, 50, 55 };
}
