namespace CallCenter.Management;

/// <summary>
/// Why a management operation did nothing. Domain reasons only: the edge turns each into the wire code and message
/// existing clients expect (docs/management-api.md lists the mapping), so the codes can never drift between endpoints.
/// </summary>
[GenerateSerializer, Alias("management.ManagementError")]
public enum ManagementError
{
    None = 0,
    /// <summary>Valid request, but there was nothing to change (e.g. finishing a finished project).</summary>
    NothingDone,
    /// <summary>An argument the grain checks itself (beyond the edge's syntax checks) is out of range.</summary>
    InvalidArgument,
    ProjectNotFound,
    ProjectExists,
    ProjectFinished,
    CertificateNotFound,
    /// <summary>The project's extension pool (or the tenant's number range) is exhausted.</summary>
    NoFreeExtension,
    ExtensionNotFound,
    /// <summary>The extension exists but belongs to another project than the request names.</summary>
    AgentNotInProject,
    AgentDisabled,
    AgentNotRegistered,
    /// <summary>The agent is on (or being connected to) a call, or in a conference.</summary>
    AgentBusy,
    /// <summary>The agent has not set themselves available (workStatus 1).</summary>
    AgentNotIdle,
    CallNotFound,
    /// <summary>The call is in no state for the request (e.g. transferring a call that is not yet connected).</summary>
    CallStateInvalid,
    GatewayNotFound,
    GatewayExists,
    GatewayDisabled,
    /// <summary>No enabled gateway has a free channel, call allowance or balance for the number.</summary>
    NoGatewayAvailable,
    VoiceNotFound,
    /// <summary>Stopping an eavesdrop or conference that is not running.</summary>
    SupervisionNotActive,
    TaskNotFound,
    /// <summary>The call task code is already used in the tenant.</summary>
    TaskExists,
    /// <summary>The task's state (ended, expired, not running, wrong type) refuses the request.</summary>
    TaskRefused,
    /// <summary>The API account name is taken (by another tenant, or with another secret).</summary>
    AccountExists,
}

/// <summary>The outcome of a management command: success, or a domain reason and a short detail for logs and messages.</summary>
[GenerateSerializer, Immutable, Alias("management.ManagementResult")]
public sealed record ManagementResult(ManagementError Error = ManagementError.None, string? Detail = null)
{
    public bool Ok => Error == ManagementError.None;

    public static ManagementResult Success { get; } = new();

    public static ManagementResult Fail(ManagementError error, string? detail = null) => new(error, detail);
}

/// <summary>The outcome of a management command that produces a value.</summary>
[GenerateSerializer, Immutable, Alias("management.ManagementResult`1")]
public sealed record ManagementResult<T>(T? Value, ManagementError Error = ManagementError.None, string? Detail = null)
{
    public bool Ok => Error == ManagementError.None;

    public static ManagementResult<T> Success(T value) => new(value);

    public static ManagementResult<T> Fail(ManagementError error, string? detail = null) => new(default, error, detail);

    public ManagementResult AsResult() => new(Error, Detail);
}
