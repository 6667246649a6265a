namespace CallCenter.Management.Agents;

/// <summary>What kind of call an agent is on; also the call log's kind.</summary>
[GenerateSerializer, Alias("management.agents.AgentCallKind")]
public enum AgentCallKind
{
    /// <summary>The agent dialled a number (/app/call).</summary>
    Manual = 1,
    /// <summary>The agent dialled a number of a preview task (/app/previewCall).</summary>
    Preview = 2,
    /// <summary>The dialer reached a customer and put them through (predictive task).</summary>
    Predictive = 3,
    /// <summary>A customer called in and was put through (inbound task).</summary>
    Inbound = 4,
    /// <summary>A project manager called an agent (/app/pmCallAgent).</summary>
    ManagerToAgent = 5,
    /// <summary>The agent was called into a project manager's conference.</summary>
    Conference = 6,
    /// <summary>A project manager listened to an agent's call.</summary>
    Eavesdrop = 7,
    /// <summary>Another agent handed the customer over (/app/transfer).</summary>
    Transfer = 8,
}

/// <summary>An agent's request to dial.</summary>
/// <param name="TelNo">The number as the user typed it (no gateway prefix); for <see cref="AgentCallKind.ManagerToAgent"/>
/// the agent's extension.</param>
/// <param name="GatewayCodes">Gateways to try in order (a task's); null: the tenant's enabled gateways.</param>
[GenerateSerializer, Immutable, Alias("management.agents.AgentDialRequest")]
public sealed record AgentDialRequest(
    AgentCallKind Kind,
    string TelNo,
    string? ProjectCode = null,
    string? CallTaskCode = null,
    IReadOnlyList<string>? GatewayCodes = null);

/// <summary>A call offered to an agent (see <see cref="IAgentGrain.OfferCallAsync"/>).</summary>
/// <param name="TelNo">The customer (or other party) shown to the agent.</param>
/// <param name="RequireIdle">True for calls the agent did not ask for (tasks, transfers, conferences): the agent must be
/// available (workStatus 1). False for a manager's direct call.</param>
/// <param name="FromUsername">The agent handing over, for transfers.</param>
/// <param name="Controller">The grain that owns the call's legs and implements <see cref="Calls.IAgentCallControl"/>: where
/// the agent's hang-up, transfer and play-voice requests go.</param>
[GenerateSerializer, Immutable, Alias("management.agents.AgentOffer")]
public sealed record AgentOffer(
    string CallId,
    AgentCallKind Kind,
    CallCenter.Calls.LegOwner Controller,
    string? TelNo,
    string? CallTaskCode = null,
    string? ProjectCode = null,
    bool RequireIdle = true,
    string? FromUsername = null);

/// <param name="Reason">Why not, when not accepted.</param>
/// <param name="SipDomain">Where to ring the agent: <c>ExtensionEndpoint(Username, SipDomain)</c>.</param>
[GenerateSerializer, Immutable, Alias("management.agents.AgentOfferResult")]
public sealed record AgentOfferResult(bool Accepted, ManagementError Reason, AgentSnapshot? Agent, string? SipDomain)
{
    public static AgentOfferResult Refused(ManagementError reason, AgentSnapshot? agent = null) => new(false, reason, agent, null);
}

[GenerateSerializer, Alias("management.agents.AgentCallPhase")]
public enum AgentCallPhase
{
    /// <summary>The call is being set up (the agent's phone or the customer rings): /topic/call (/topic/transfer for a
    /// transfer's target). Reported by the owner only for transfers (to the target) and a manager's call (to the called
    /// agent); the agent's own calls are launched by the agent grain, and task, inbound and conference calls have no
    /// launch step.</summary>
    Launched,
    /// <summary>The agent talks with the other party: sessionStatus 10, /topic/invite.</summary>
    Connected,
    /// <summary>The agent joined a conference: sessionStatus 7.</summary>
    ConferenceJoined,
    /// <summary>The agent's part of the call is over (hung up, never answered, or handed to another agent): /topic/bye,
    /// sessionStatus 0, the reservation is released.</summary>
    Ended,
}

/// <summary>One step of an agent's call, from the grain that owns its legs (one-way: the agent grain takes the steps in
/// any order, see <see cref="IAgentGrain.OnCallProgressAsync"/>).</summary>
[GenerateSerializer, Immutable, Alias("management.agents.AgentCallProgress")]
public sealed record AgentCallProgress(
    string CallId,
    AgentCallPhase Phase,
    AgentCallKind Kind,
    string? TelNo,
    string? CallTaskCode = null,
    DateTimeOffset? At = null);
