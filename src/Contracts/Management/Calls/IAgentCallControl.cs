
namespace CallCenter.Management.Calls;

/// <summary>
/// What an agent can ask of the call it is on, whoever owns the call's legs: the agent-call grain for calls agents
/// place, the dialer's grains for task calls, the supervisor for conferences. The agent grain keeps the owner as a
/// <see cref="CallCenter.Calls.LegOwner"/> (from <see cref="Agents.AgentOffer.Controller"/>) and resolves it through the
/// registered leg-owner kinds, so a new kind of call needs no change to the agent.
/// </summary>
[Alias("management.calls.IAgentCallControl")]
public interface IAgentCallControl : IGrainWithStringKey
{
    /// <returns>The call, or null when the owner knows no such call (or it is not a two-party call).</returns>
    Task<AgentCallInfo?> GetAsync();

    /// <summary>Ends the call (or <paramref name="username"/>'s part of it) at that agent's request.</summary>
    Task<ManagementResult> HangupAsync(string username, bool satisfactionSurvey);

    /// <summary>Hands the other party from <paramref name="fromUsername"/> to <paramref name="toUsername"/>.</summary>
    Task<ManagementResult> TransferAsync(string fromUsername, string toUsername);

    /// <summary>Plays (or stops) a stored prompt into the live conversation.</summary>
    Task<ManagementResult> PlayAsync(string username, string blobKey, bool stop);
}
