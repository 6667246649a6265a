using CallCenter.Calls;
using CallCenter.Management.Agents;

namespace CallCenter.Management.Calls;

/// <summary>
/// One call an agent (or project manager) placed: owns its legs (the agent's phone first, then the other party through a
/// gateway or to another extension), records the conversation, keeps the gateway channel reserved while it lasts, and
/// writes the call's one call-log row when it ends. Key: <see cref="KeyFor"/>; leg-owner kind <see cref="OwnerKind"/>.
/// </summary>
[Alias("management.calls.IAgentCallGrain")]
public interface IAgentCallGrain : ISwitchEventSink, IAgentCallControl
{
    /// <summary>Starts the call. The initiating agent has already reserved itself for it.</summary>
    Task<ManagementResult> StartAsync(AgentCallPlan plan);

    public const string OwnerKind = "agent-call";

    public static string KeyFor(string tenantId, string callId) => ManagementKeys.AgentCall(tenantId, callId);
}

/// <summary>What an agent call is to do.</summary>
/// <param name="Username">The agent (or project manager) whose phone rings first and who gets call/invite/bye.</param>
/// <param name="TelNo">The other party as the user typed it; an extension for <see cref="AgentCallKind.ManagerToAgent"/>.</param>
/// <param name="GatewayCodes">Gateways to try in order; null: the tenant's enabled gateways.</param>
[GenerateSerializer, Immutable, Alias("management.calls.AgentCallPlan")]
public sealed record AgentCallPlan(
    string CallId,
    AgentCallKind Kind,
    string Username,
    string SipDomain,
    string TelNo,
    string? ProjectCode,
    string? CallTaskCode,
    IReadOnlyList<string>? GatewayCodes);

[GenerateSerializer, Alias("management.calls.AgentCallState")]
public enum AgentCallState
{
    /// <summary>The agent's phone rings.</summary>
    RingingAgent,
    /// <summary>The agent answered; the other party rings.</summary>
    RingingCustomer,
    /// <summary>Agent and other party talk.</summary>
    Connected,
    /// <summary>The agent hung up; the customer is rating the call.</summary>
    Survey,
    /// <summary>Every leg is gone; the call log may still be on its way.</summary>
    Ended,
}

/// <summary>An agent call as other grains see it (supervision needs the agent's leg to listen in).</summary>
[GenerateSerializer, Immutable, Alias("management.calls.AgentCallInfo")]
public sealed record AgentCallInfo(
    string TenantId,
    string CallId,
    AgentCallKind Kind,
    AgentCallState State,
    string Username,
    string TelNo,
    string? ProjectCode,
    string? CallTaskCode,
    string? AgentLegId,
    string? CustomerLegId,
    string? GatewayCode,
    DateTimeOffset StartedAt,
    DateTimeOffset? ConnectedAt);
