using System.Text.Json.Serialization;
using CallCenter.Management.Agents;

namespace CallCenter.Management.Events;

/// <summary>
/// A domain event of the management area, published by grains to the tenant's management event hub
/// (<see cref="ManagementEventHubs"/>). The edge turns each into STOMP pushes and webhooks; grains never know topic names.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "$event")]
[JsonDerivedType(typeof(AgentStateChanged), "agent-state")]
[JsonDerivedType(typeof(AgentCallNotice), "agent-call")]
[JsonDerivedType(typeof(AgentTransferNotice), "agent-transfer")]
[JsonDerivedType(typeof(AgentMessage), "agent-message")]
[JsonDerivedType(typeof(CallTaskStatusChanged), "task-status")]
[JsonDerivedType(typeof(CallTaskProgress), "task-progress")]
[JsonDerivedType(typeof(CallLogged), "call-logged")]
[JsonDerivedType(typeof(RecordingSaved), "recording-saved")]
[JsonDerivedType(typeof(InboundQueueChanged), "inbound-queue")]
[GenerateSerializer, Immutable, Alias("management.events.ManagementEvent")]
public abstract record ManagementEvent(string TenantId, DateTimeOffset At);

/// <summary>An agent's registration, availability or session changed.</summary>
/// <param name="RegistrationChanged">The change was a phone registering or unregistering (/topic/register).</param>
[GenerateSerializer, Immutable, Alias("management.events.AgentStateChanged")]
public sealed record AgentStateChanged(string TenantId, DateTimeOffset At, AgentSnapshot Agent, bool RegistrationChanged)
    : ManagementEvent(TenantId, At);

/// <summary>A step of an agent's call the agent's client follows: launched (/topic/call), connected (/topic/invite),
/// ended (/topic/bye).</summary>
/// <param name="TelNo">The other party, without any gateway prefix.</param>
[GenerateSerializer, Immutable, Alias("management.events.AgentCallNotice")]
public sealed record AgentCallNotice(
    string TenantId,
    DateTimeOffset At,
    string Username,
    string? ProjectCode,
    AgentCallPhase Phase,
    string CallId,
    string? TelNo,
    string? CallTaskCode)
    : ManagementEvent(TenantId, At);

/// <summary>A customer was handed to <paramref name="Username"/> by <paramref name="FromUsername"/> (/topic/transfer).</summary>
[GenerateSerializer, Immutable, Alias("management.events.AgentTransferNotice")]
public sealed record AgentTransferNotice(
    string TenantId,
    DateTimeOffset At,
    string Username,
    string? ProjectCode,
    string FromUsername,
    string CallId,
    string? TelNo,
    string? CallTaskCode)
    : ManagementEvent(TenantId, At);

/// <summary>A message for an agent's notification area (/topic/notify): from sendToUser (<see cref="Content"/> as the
/// back office wrote it) or from the system (<see cref="Kind"/> says what happened; the edge words it).</summary>
[GenerateSerializer, Immutable, Alias("management.events.AgentMessage")]
public sealed record AgentMessage(
    string TenantId,
    DateTimeOffset At,
    string Username,
    string? ProjectCode,
    AgentMessageKind Kind,
    string? Content,
    ManagementError Error = ManagementError.None)
    : ManagementEvent(TenantId, At);

[GenerateSerializer, Alias("management.events.AgentMessageKind")]
public enum AgentMessageKind
{
    /// <summary>sendToUser: <see cref="AgentMessage.Content"/> is the back office's text or JSON.</summary>
    BackOffice,
    /// <summary>An asynchronous outcome the agent should know of (the customer was busy, a conference invitation...).</summary>
    CallFailed,
    ConferenceInvited,
    TransferredAway,
}

/// <summary>A call task changed state (1 initial, 2 running, 3 paused, 4 ended): /topic/task/{projectCode}. Published
/// by the dialer's task grains.</summary>
/// <param name="Task">The task record as the original pushed it (wire field names), rendered as is.</param>
[GenerateSerializer, Immutable, Alias("management.events.CallTaskStatusChanged")]
public sealed record CallTaskStatusChanged(string TenantId, DateTimeOffset At, string ProjectCode, string CallTaskCode, int Status, IReadOnlyDictionary<string, string?> Task)
    : ManagementEvent(TenantId, At);

/// <summary>An inbound task's queue changed (a caller joined, was offered to an agent, or left): a snapshot, published by
/// the task after the change is stored. Not pushed over STOMP (the original had no queue topic): the gRPC event stream
/// reports it as a queue event.</summary>
/// <param name="Waiting">Callers waiting for an agent.</param>
/// <param name="Offered">Callers whose agent is being rung.</param>
/// <param name="OldestWaitingSince">When the longest-waiting caller arrived; null when nobody waits.</param>
[GenerateSerializer, Immutable, Alias("management.events.InboundQueueChanged")]
public sealed record InboundQueueChanged(string TenantId, DateTimeOffset At, string ProjectCode, string CallTaskCode, int Waiting, int Offered, DateTimeOffset? OldestWaitingSince)
    : ManagementEvent(TenantId, At);

/// <summary>A task's counters changed: /topic/callTaskStatus/{projectCode} and the task webhook. Published by the dialer.</summary>
[GenerateSerializer, Immutable, Alias("management.events.CallTaskProgress")]
public sealed record CallTaskProgress(
    string TenantId,
    DateTimeOffset At,
    string ProjectCode,
    string CallTaskCode,
    int Status,
    long TotalCount,
    long FailCount,
    long RejectCount,
    long MissCount,
    long SuccessCount,
    long RunningCount,
    double Rate)
    : ManagementEvent(TenantId, At);

/// <summary>A call ended and its call-log row was written (the last step of every call, <c>CallCloseOut</c>); carries the
/// recording's blob key when the call was recorded. Not pushed over STOMP (the original had no such topic): the gRPC event
/// stream reports it as call lifecycle and "recording saved".</summary>
[GenerateSerializer, Immutable, Alias("management.events.CallLogged")]
public sealed record CallLogged(string TenantId, DateTimeOffset At, CallLogs.CallLogRecord Record)
    : ManagementEvent(TenantId, At);

/// <summary>A call's recording is durable in the archive (the tenant's recording archive grain published it after the
/// upload and the call-log update). The spec has no such event; the edge sends it as the "recordingSaved" webhook.</summary>
[GenerateSerializer, Immutable, Alias("management.events.RecordingSaved")]
public sealed record RecordingSaved(string TenantId, DateTimeOffset At, string CallId, string BlobKey, string? ProjectCode, string? CallTaskCode)
    : ManagementEvent(TenantId, At);
