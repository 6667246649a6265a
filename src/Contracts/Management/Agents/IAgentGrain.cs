using CallCenter.Extensions;

namespace CallCenter.Management.Agents;

/// <summary>
/// The agent behind one extension of a project: the one state machine of availability (workStatus), conversation
/// (sessionStatus) and registration that every management request, STOMP command and dialer offer goes through.
/// Key: <see cref="KeyFor"/>. Publishes <see cref="Events.AgentStateChanged"/> and the call notices on the tenant's
/// management stream.
/// </summary>
[Alias("management.agents.IAgentGrain")]
public interface IAgentGrain : IExtensionAssignee
{
    /// <returns>The agent, or null if the extension belongs to no project.</returns>
    /// <remarks>Interleaves with the agent's other calls: it only reads, and grains the agent awaits (the off-hook
    /// connection, when the agent reads it after a report) read the agent in return, which would otherwise wait for each
    /// other. It may see a turn's changes before that turn has written them.</remarks>
    [AlwaysInterleave]
    Task<AgentSnapshot?> GetAsync();

    /// <summary>The agent's call in progress, as the grain owning its legs reports it (for supervision).</summary>
    Task<Calls.AgentCallInfo?> GetCallAsync();

    /// <summary>From the project: the extension now serves <paramref name="assignment"/>'s project. Takes the extension's
    /// registration events from here on.</summary>
    Task<AgentSnapshot> JoinProjectAsync(AgentAssignment assignment);

    /// <summary>From the project (finish, or the extension moved elsewhere): hangs up the agent's call, forgets the
    /// project and stops taking the extension's events.</summary>
    Task LeaveProjectAsync(string projectCode);

    /// <summary>置闲/置忙 (setWorkStatus, /app/idle, /app/busy).</summary>
    /// <param name="projectCode">When given, must be the agent's project.</param>
    Task<ManagementResult<AgentSnapshot>> SetWorkStatusAsync(AgentWorkStatus status, AgentWorkType? workType = null, string? projectCode = null);

    /// <summary>setExtensionStatus: disabling makes the agent Unavailable; enabling makes it Busy (not yet available).</summary>
    Task<ManagementResult<AgentSnapshot>> SetEnabledAsync(bool enabled);

    /// <summary>/app/call, /app/previewCall, /app/pmCallAgent: the agent's phone rings first, then the other party.</summary>
    /// <returns>The new call's id (published at once on /topic/call).</returns>
    Task<ManagementResult<string>> PlaceCallAsync(AgentDialRequest request);

    /// <summary>/app/bye, /app/pmByeAgent: ends the agent's call; with <paramref name="satisfactionSurvey"/> the customer
    /// stays on to rate the call.</summary>
    Task<ManagementResult> HangupAsync(string callId, bool satisfactionSurvey = false);

    /// <summary>/app/transfer: hands the customer to another agent, who must be registered, available and free.</summary>
    Task<ManagementResult> TransferAsync(string callId, string toUsername);

    /// <summary>/app/playVoice, /app/stopPlayVoice: plays a registered voice into the agent's live call.</summary>
    Task<ManagementResult> PlayVoiceAsync(string callId, string voiceCode, bool stop = false);

    /// <summary>
    /// Offers the agent a call (the dialer's predictive/inbound calls, transfers, conferences, a manager's call): if the
    /// agent can take it, the agent is reserved for <see cref="AgentOffer.CallId"/> and no other offer succeeds until that
    /// call's <see cref="AgentCallPhase.Ended"/> arrives through <see cref="OnCallProgressAsync"/>.
    /// </summary>
    Task<AgentOfferResult> OfferCallAsync(AgentOffer offer);

    /// <summary>From whoever owns the call's legs: how the agent's call is going. Drives sessionStatus and the
    /// call/invite/bye notices. One-way, because the owners await the agent's hang-up and transfer requests into them
    /// (an awaited report would close a cycle); Orleans keeps no order between one-way calls, so the agent takes the
    /// phases of a call in any order and only ever moves forward: nothing after Ended counts, and a Connected that comes
    /// before its Launched stands for both.</summary>
    [OneWay]
    Task OnCallProgressAsync(AgentCallProgress progress);

    /// <summary>From the agent's off-hook connection (<see cref="Dialer.IOffHookAgentGrain"/>): the off-hook leg is up
    /// (<paramref name="legId"/>; the agent becomes available with workType 20) or gone (null; an available off-hook
    /// agent becomes not available, and a customer with them is ended as if the agent hung up). One-way, so reports may
    /// arrive in any order: the agent reads the off-hook grain's current leg and follows that, not the report.</summary>
    [OneWay]
    Task OnOffHookChangedAsync(string? legId);

    public static string KeyFor(string tenantId, string username) => ManagementKeys.Agent(tenantId, username);
}

[GenerateSerializer, Immutable, Alias("management.agents.AgentAssignment")]
public sealed record AgentAssignment(string ProjectCode, long ProjectId, AgentRole Role);
