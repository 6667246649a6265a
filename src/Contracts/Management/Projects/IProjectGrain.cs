using CallCenter.Management.Agents;

namespace CallCenter.Management.Projects;

/// <summary>
/// A project (项目): a customer engagement with its own pool of extensions handed to agents by certificate, its tasks and
/// its call history. Key: <see cref="KeyFor"/>. A finished project keeps its record (and its call logs stay queryable);
/// its extensions go back to the tenant's pool.
/// </summary>
[Alias("management.projects.IProjectGrain")]
public interface IProjectGrain : IGrainWithStringKey
{
    /// <returns>The project, or null if it was never created.</returns>
    Task<ProjectInfo?> GetAsync();

    /// <summary>Creates the project: allocates <see cref="ProjectCreation.Seats"/> extensions (provisioned on the switch
    /// with strong generated passwords) and a certificate.</summary>
    Task<ManagementResult<ProjectInfo>> CreateAsync(ProjectCreation request);

    /// <summary>getByCertificate: hands an extension of this project to an agent (<see cref="AgentRole.Agent"/>, from the
    /// pool) or a project manager (<see cref="AgentRole.ProjectManager"/>, allocated on demand). With
    /// <see cref="ExtensionClaim.Username"/> the caller asks for that extension again (e.g. after a page reload).</summary>
    Task<ManagementResult<ExtensionGrant>> ClaimExtensionAsync(ExtensionClaim claim);

    /// <summary>Every extension of the project with its live state.</summary>
    Task<ManagementResult<IReadOnlyList<AgentSnapshot>>> ListExtensionsAsync();

    /// <summary>setWorkStatusByProjectCode: every enabled agent of the project becomes available (or not).</summary>
    /// <returns>How many agents changed.</returns>
    Task<ManagementResult<int>> SetWorkStatusAllAsync(AgentWorkStatus status);

    /// <summary>distributionSeat: moves an existing extension of the tenant into this project.</summary>
    Task<ManagementResult<AgentSnapshot>> AddSeatAsync(string username);

    /// <summary>From another project's <see cref="AddSeatAsync"/>: the extension left this project.</summary>
    Task ForgetSeatAsync(string username);

    /// <summary>sendToUser: a message to one agent of the project or (no username) to all of them.</summary>
    Task<ManagementResult<int>> SendMessageAsync(string? username, string content);

    /// <summary>finishProject: ends its tasks, hangs up its agents' calls, removes its extensions from the switch and
    /// returns them to the pool.</summary>
    Task<ManagementResult> FinishAsync();

    /// <summary>Called by the dialer when a task is submitted under this project, so finishing the project ends it.</summary>
    Task<ManagementResult> RegisterTaskAsync(string callTaskCode);

    public static string KeyFor(string tenantId, string projectCode) => ManagementKeys.Project(tenantId, projectCode);

    /// <summary>Project codes are client-chosen: letters, digits and <c>_ - .</c>, 1 to 64 characters.</summary>
    public static bool IsValidCode(string? code)
        => code is { Length: > 0 and <= 64 } && code.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.');
}

/// <param name="Seats">Agent extensions to allocate (1 to <see cref="MaxSeats"/>).</param>
[GenerateSerializer, Immutable, Alias("management.projects.ProjectCreation")]
public sealed record ProjectCreation(int Seats)
{
    public const int MaxSeats = 1000;
}

[GenerateSerializer, Alias("management.projects.ProjectStatus")]
public enum ProjectStatus
{
    Active = 1,
    Finished = 2,
}

/// <param name="ProjectId">A small per-tenant number (the original's database id, sent as <c>projectId</c> in extension
/// records).</param>
/// <param name="Certificate">What agents present to claim an extension (32 upper-case hex characters).</param>
/// <param name="Extensions">Agent extensions of the project.</param>
/// <param name="ManagerExtensions">Project-manager extensions handed out so far.</param>
[GenerateSerializer, Immutable, Alias("management.projects.ProjectInfo")]
public sealed record ProjectInfo(
    string TenantId,
    string ProjectCode,
    long ProjectId,
    int Seats,
    string Certificate,
    ProjectStatus Status,
    IReadOnlyList<string> Extensions,
    IReadOnlyList<string> ManagerExtensions,
    IReadOnlyList<string> CallTaskCodes,
    DateTimeOffset CreatedAt,
    DateTimeOffset? FinishedAt);

[GenerateSerializer, Immutable, Alias("management.projects.ExtensionClaim")]
public sealed record ExtensionClaim(string Certificate, AgentRole Role, string? Username);

/// <summary>What getByCertificate hands out. Carries the SIP password: it goes to the extension's own user and nowhere
/// else (never logged, never pushed on a topic).</summary>
[GenerateSerializer, Immutable, Alias("management.projects.ExtensionGrant")]
public sealed record ExtensionGrant(string Username, string Password, string SipDomain, string ProjectCode);
