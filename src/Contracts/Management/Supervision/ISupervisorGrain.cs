using CallCenter.Calls;

namespace CallCenter.Management.Supervision;

/// <summary>
/// A project manager's supervision of a project from their extension: listening in on an agent's call, and the manager's
/// conference that calls every available agent. Owns the manager's and the invited agents' legs.
/// Key: <see cref="KeyFor"/> (per manager extension); leg-owner kind <see cref="OwnerKind"/>.
/// </summary>
[Alias("management.supervision.ISupervisorGrain")]
public interface ISupervisorGrain : ISwitchEventSink, Calls.IAgentCallControl
{
    /// <summary>/app/eavesdrop: rings the manager, and once answered lets them hear the agent's call.</summary>
    Task<ManagementResult> EavesdropAsync(string projectCode, string username);

    /// <summary>/app/stopEavesdrop.</summary>
    Task<ManagementResult> StopEavesdropAsync(string projectCode, string username);

    /// <summary>/app/conference: rings the manager into a conference and calls every available, free agent of the project.</summary>
    /// <returns>How many agents were called.</returns>
    Task<ManagementResult<int>> StartConferenceAsync(string projectCode);

    /// <summary>/app/conferenceByUsername: calls one more agent into the manager's conference (starting it if needed).</summary>
    Task<ManagementResult> InviteToConferenceAsync(string projectCode, string username);

    /// <summary>/app/stopConference: ends the conference and every leg in it.</summary>
    Task<ManagementResult> StopConferenceAsync(string projectCode);

    Task<SupervisionInfo> GetSupervisionAsync();

    public const string OwnerKind = "mgmt-supervisor";

    public static string KeyFor(string tenantId, string managerExtension) => ManagementKeys.Supervisor(tenantId, managerExtension);
}

/// <summary>What a manager is doing now.</summary>
[GenerateSerializer, Immutable, Alias("management.supervision.SupervisionInfo")]
public sealed record SupervisionInfo(
    string? EavesdropTarget,
    string? EavesdropCallId,
    string? ConferenceName,
    string? ConferenceProject,
    IReadOnlyList<string> ConferenceMembers);
