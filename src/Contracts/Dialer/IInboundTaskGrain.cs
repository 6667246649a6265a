using CallCenter.Calls;
using CallCenter.Management.Calls;

namespace CallCenter.Dialer;

/// <summary>
/// The inbound face of a call task (callType 3 / scheduleType 11): the task grain itself (same key as
/// <see cref="IDialTaskGrain"/>) claims the task's public numbers with this leg-owner kind, so the event router hands it
/// every inbound leg to those numbers and every event of the agent legs it originates for them.
/// </summary>
[Alias("dialer.IInboundTaskGrain")]
public interface IInboundTaskGrain : ISwitchEventSink
{
    public const string OwnerKind = "dial-task-inbound";
}

/// <summary>
/// The controller an agent grain reaches for an inbound task call (hang-up, play voice, supervision). It holds a copy of
/// the call as the task last pushed it and acts on the legs directly, so an agent's request never waits behind the task
/// grain (which may itself be offering a call to that agent). Key: <see cref="KeyFor"/>.
/// </summary>
[Alias("dialer.IInboundCallControlGrain")]
public interface IInboundCallControlGrain : IAgentCallControl
{
    /// <summary>From the task: the call as it is now (null or state Ended once it is over).</summary>
    [OneWay]
    Task UpdateAsync(AgentCallInfo? info);

    public const string OwnerKind = "dial-inbound-call";

    public static string KeyFor(string tenantId, string callId) => Tenancy.TenantIds.Key(tenantId, "inbound-call/" + callId);
}
