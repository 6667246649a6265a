using CallCenter.Calls;
using CallCenter.Management;
using CallCenter.Management.Calls;
using CallCenter.Management.Gateways;

namespace CallCenter.Dialer;

/// <summary>
/// One customer-first call of a task: dials the customer through the reserved gateway channel, plays the task's voice
/// when the schedule says so, is connected to the agent the task assigns, abandons with an information message when no
/// agent is reached in time, writes the call's one call-log row and reports the outcome to the task.
/// Key: <see cref="DialerKeys.DialCall"/>; leg-owner kind <see cref="OwnerKind"/>.
/// </summary>
[Alias("dialer.IDialCallGrain")]
public interface IDialCallGrain : ISwitchEventSink, IAgentCallControl
{
    /// <summary>From the task: starts the call; idempotent (a repeated start of a known call does nothing), which is how
    /// a restarted task reconciles calls it had marked but may not have started. One-way, so the task's turn never waits
    /// for a launch: the call reports back with <see cref="IDialTaskLoop.OnCallStartedAsync"/> once it holds the plan
    /// durably, or <see cref="IDialTaskLoop.OnCallNotStartedAsync"/> if it could not store it.</summary>
    [OneWay]
    Task StartAsync(DialCallPlan plan);

    /// <summary>From the task: <paramref name="username"/> is reserved for this call; ring it and bridge. Always sent
    /// after the call's own <see cref="IDialTaskGrain.OnCustomerReadyAsync"/>; a call no longer waiting hands the
    /// reservation back.</summary>
    [OneWay]
    Task ConnectAgentAsync(string username, string sipDomain);

    /// <summary>From a restarted task: be active. A call activated with an unfinished call in its state reconciles itself
    /// against the switch (its timers were lost with the old process, and events may have been), so this makes that
    /// happen now rather than at the call's next watchdog tick.</summary>
    [OneWay]
    Task WakeAsync();

    public const string OwnerKind = "dial-call";
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
