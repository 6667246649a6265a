using CallCenter.Calls;
using CallCenter.Management.Calls;

namespace CallCenter.Dialer;

/// <summary>
/// One caller of an inbound task, modelled on <see cref="IDialCallGrain"/>: owns the caller's leg (taken over from the
/// task, which the number routes to) and the agent's leg it originates; answers, plays the task's voice and the hold
/// music, rings and bridges the agent the task gives it, records, closes the call on the queue timeout (30/40) or when
/// told no agent will come (30/35), writes the call's one call-log row and only then reports the outcome to the task.
/// It is also the agent grain's controller of the call (hang-up, play voice), so an agent's request never waits behind the
/// task. Key: <see cref="DialerKeys.InboundCall"/>; leg-owner kind <see cref="OwnerKind"/>.
/// </summary>
[Alias("dialer.IInboundCallGrain")]
public interface IInboundCallGrain : ISwitchEventSink, IAgentCallControl
{
    /// <summary>From the task: takes the caller's leg. Idempotent: a call already admitted is not taken again, so a
    /// restarted task re-admits every caller it holds to learn where each call is.</summary>
    /// <returns>Where the call is; with the outcome once its call-log row is written.</returns>
    Task<InboundCallStatus> AdmitAsync(InboundCallPlan plan);

    /// <summary>From the task: <paramref name="username"/> is reserved for this caller; ring the agent and bridge. Unless
    /// the result is <see cref="InboundRingResult.Ringing"/> the call has handed the agent's reservation back.</summary>
    Task<InboundRingResult> RingAgentAsync(string username, string sipDomain);

    /// <summary>From the task: no agent will come (none available, or the task ended): the information prompt plays and
    /// the caller is released. False (nothing done) once the caller is with an agent or already leaving.</summary>
    Task<bool> CloseAsync(InboundCloseReason reason);

    public const string OwnerKind = "dial-inbound-call";
}

/// <param name="Gateway">The switch gateway the caller came in through (the leg's), if any.</param>
/// <param name="GatewayCode">The gateway the call log names (the task's first).</param>
/// <param name="Answered">The leg is already answered (adopted after a restart): no answer is sent.</param>
/// <param name="Closed">The task is paused: the caller hears the closed prompt and is released (30/35).</param>
/// <param name="VoiceCode">The task's greeting, played before the caller joins the queue.</param>
/// <param name="QueueTimeout">How long the caller waits for an agent, from joining the queue (30/40 after it).</param>
[GenerateSerializer, Immutable, Alias("dialer.InboundCallPlan")]
public sealed record InboundCallPlan(
    string CallId,
    string CallTaskCode,
    string ProjectCode,
    string CustomerLegId,
    string Caller,
    string Dialled,
    string? Gateway,
    string? GatewayCode,
    DateTimeOffset ArrivedAt,
    bool Answered,
    bool Closed,
    string? VoiceCode,
    TimeSpan QueueTimeout);

/// <summary>Where an inbound call is.</summary>
[GenerateSerializer, Alias("dialer.InboundCallPhase")]
public enum InboundCallPhase
{
    /// <summary>Admitted; the switch is answering the leg.</summary>
    Answering,
    /// <summary>The task's voice plays.</summary>
    Greeting,
    /// <summary>In the task's queue (hold music), without an agent.</summary>
    Waiting,
    /// <summary>An agent is reserved and their phone rings (hold music goes on).</summary>
    RingingAgent,
    Connected,
    /// <summary>No agent will come: the information (or closed) prompt plays, then the leg is released.</summary>
    Closing,
    /// <summary>Every leg is gone; the call-log row is being written (or is written: see the outcome).</summary>
    Ended,
}

/// <param name="Agent">The agent ringing or talking with the caller.</param>
/// <param name="Outcome">Set once the call-log row is written.</param>
[GenerateSerializer, Immutable, Alias("dialer.InboundCallStatus")]
public sealed record InboundCallStatus(InboundCallPhase Phase, string? Agent, DialCallOutcome? Outcome);

[GenerateSerializer, Alias("dialer.InboundRingResult")]
public enum InboundRingResult
{
    /// <summary>The agent's phone rings; the call now reports to the task when the agent is released.</summary>
    Ringing,
    /// <summary>The caller no longer waits (hung up, timed out, closing): the task drops them from its queue.</summary>
    CallerGone,
    /// <summary>The agent's phone could not be rung; the caller still waits for another agent.</summary>
    AgentUnreachable,
}

[GenerateSerializer, Alias("dialer.InboundCloseReason")]
public enum InboundCloseReason
{
    /// <summary>No agent of the project is available (30/35).</summary>
    NoAgents,
    /// <summary>The task ended (30/35).</summary>
    Ended,
}
