using CallCenter.Calls;
using CallCenter.Management;
using CallCenter.Management.Calls;
using CallCenter.Management.Gateways;

namespace CallCenter.Dialer;

/// <summary>
/// One customer-first call of a task: dials the customer through the reserved gateway channel, plays the task's voice
/// when the schedule says so, is connected to the agent the task assigns, abandons with an information message when no
/// agent is reached in time, writes the call's one call-log row and reports the outcome to the task.
/// Key: <see cref="KeyFor"/>; leg-owner kind <see cref="OwnerKind"/>.
/// </summary>
[Alias("dialer.IDialCallGrain")]
public interface IDialCallGrain : ISwitchEventSink, IAgentCallControl
{
    /// <summary>Starts the call; idempotent (a repeated start of a known call does nothing), which is how a restarted
    /// task reconciles calls it had marked but may not have started.</summary>
    Task<ManagementResult> StartAsync(DialCallPlan plan);

    /// <summary>From the task: <paramref name="username"/> is reserved for this call; ring it and bridge.</summary>
    [OneWay]
    Task ConnectAgentAsync(string username, string sipDomain);

    public const string OwnerKind = "dial-call";

    public static string KeyFor(string tenantId, string callId) => Tenancy.TenantIds.Key(tenantId, "dial-call/" + callId);
}

/// <param name="VoiceBlobKey">The voice played on answer (schedules 2 and 5).</param>
/// <param name="AbandonTimeout">How long an answered customer may wait for an agent (2 s).</param>
[GenerateSerializer, Immutable, Alias("dialer.DialCallPlan")]
public sealed record DialCallPlan(
    string CallId,
    string CallTaskCode,
    string ProjectCode,
    string Number,
    ScheduleType ScheduleType,
    GatewayReservation Gateway,
    string? VoiceBlobKey,
    TimeSpan RingTimeout,
    TimeSpan AbandonTimeout);
