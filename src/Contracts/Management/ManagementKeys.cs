using CallCenter.Tenancy;

namespace CallCenter.Management;

/// <summary>
/// Grain keys of the management area, built and parsed here only (the interfaces' <c>KeyFor</c> helpers forward here).
/// Every tenant-owned key starts with the tenant id (<see cref="TenantIds.Key"/>), so a request resolved to one tenant
/// can only ever name that tenant's agents, projects and gateways. The strings never change: stored state, reminders and
/// extension-pool holders are keyed by them.
/// </summary>
public static class ManagementKeys
{
    private const string AgentPrefix = "agent/";
    private const string AgentCallPrefix = "agent-call/";
    private const string SupervisorPrefix = "supervisor/";
    private const string ProjectPrefix = "project/";
    private const string GatewayPrefix = "gateway/";
    private const string VoicePrefix = "voice/";
    private const string ApiAccountPrefix = "_mgmt-account/";

    /// <summary>The agent behind one extension (<see cref="Agents.IAgentGrain"/>).</summary>
    public static string Agent(string tenantId, string username) => TenantIds.Key(tenantId, AgentPrefix + username);

    /// <summary>One call an agent placed (<see cref="Calls.IAgentCallGrain"/>).</summary>
    public static string AgentCall(string tenantId, string callId) => TenantIds.Key(tenantId, AgentCallPrefix + callId);

    /// <summary>A project manager's supervision, per manager extension (<see cref="Supervision.ISupervisorGrain"/>).</summary>
    public static string Supervisor(string tenantId, string managerExtension) => TenantIds.Key(tenantId, SupervisorPrefix + managerExtension);

    public static string Project(string tenantId, string projectCode) => TenantIds.Key(tenantId, ProjectPrefix + projectCode);

    public static string ProjectDirectory(string tenantId) => TenantIds.Key(tenantId, "projects");

    public static string ExtensionPool(string tenantId) => TenantIds.Key(tenantId, "extension-pool");

    public static string Gateway(string tenantId, string gwCode) => TenantIds.Key(tenantId, GatewayPrefix + gwCode);

    public static string GatewayDirectory(string tenantId) => TenantIds.Key(tenantId, "gateways");

    public static string Voice(string tenantId, string voiceCode) => TenantIds.Key(tenantId, VoicePrefix + voiceCode);

    /// <summary>The tenant's management settings (<see cref="Accounts.IManagementTenantGrain"/>).</summary>
    public static string TenantSettings(string tenantId) => TenantIds.Key(tenantId, "management");

    public static string WebhookOutbox(string tenantId) => TenantIds.Key(tenantId, "webhook-outbox");

    public static string SignatureReplay(string tenantId) => TenantIds.Key(tenantId, "signature-replay");

    /// <summary>The tenant's durable event log (<see cref="Events.ITenantEventLogGrain"/>).</summary>
    public static string EventLog(string tenantId) => TenantIds.Key(tenantId, "event-log");

    /// <summary>One segment of the tenant's event log (<see cref="Events.IEventLogSegmentGrain"/>).</summary>
    public static string EventLogSegment(string tenantId, long segment) => TenantIds.Key(tenantId, "event-log/" + segment.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>An API account: a global key (starting with "_", which no tenant id can), because a signed request names
    /// only the account and the account decides the tenant.</summary>
    public static string ApiAccount(string account) => ApiAccountPrefix + account;

    /// <summary>The tenant of any tenant-owned management key.</summary>
    public static string TenantOf(string grainKey) => TenantIds.Split(grainKey).TenantId;

    public static string AgentUsername(string agentKey) => LocalId(agentKey, AgentPrefix);

    public static string AgentCallId(string agentCallKey) => LocalId(agentCallKey, AgentCallPrefix);

    public static string SupervisorManager(string supervisorKey) => LocalId(supervisorKey, SupervisorPrefix);

    public static string ProjectCode(string projectKey) => LocalId(projectKey, ProjectPrefix);

    public static string GatewayCode(string gatewayKey) => LocalId(gatewayKey, GatewayPrefix);

    public static string VoiceCode(string voiceKey) => LocalId(voiceKey, VoicePrefix);

    public static string ApiAccountName(string accountKey)
        => accountKey.StartsWith(ApiAccountPrefix, StringComparison.Ordinal)
            ? accountKey[ApiAccountPrefix.Length..]
            : throw new ArgumentException($"'{accountKey}' is not an API account key", nameof(accountKey));

    /// <summary>What the tenant's extension pool records as the holder of a project's numbers.</summary>
    public static string PoolHolder(string projectCode) => ProjectPrefix + projectCode;

    /// <summary>The project holding numbers as <paramref name="holder"/>, or null when the holder is not a project.</summary>
    public static string? ProjectOfPoolHolder(string? holder)
        => holder is not null && holder.StartsWith(ProjectPrefix, StringComparison.Ordinal) && holder.Length > ProjectPrefix.Length
            ? holder[ProjectPrefix.Length..]
            : null;

    private static string LocalId(string grainKey, string prefix)
    {
        var local = TenantIds.Split(grainKey).LocalKey;
        return local.StartsWith(prefix, StringComparison.Ordinal)
            ? local[prefix.Length..]
            : throw new ArgumentException($"'{grainKey}' is not a '{prefix}' management key", nameof(grainKey));
    }
}
