
namespace CallCenter.Management.Accounts;

/// <summary>
/// A tenant's management-API settings: its API accounts, the optional IP allow-list the spec asks for ("做访问IP白名单"),
/// and the URLs its task and extension-state notifications are POSTed to. Key: <see cref="KeyFor"/>.
/// </summary>
[Alias("management.accounts.IManagementTenantGrain")]
public interface IManagementTenantGrain : IGrainWithStringKey
{
    Task<ManagementTenantSettings> GetSettingsAsync();

    /// <summary>Creates an API account of this tenant (global name, see <see cref="IApiAccountGrain"/>).</summary>
    /// <returns>The account and, when the secret was generated, the secret: shown once, never stored in clear.</returns>
    Task<ManagementResult<ApiAccountIssued>> AddApiAccountAsync(string account, string? secret = null, DateTimeOffset? expiresAt = null);

    /// <summary>Replaces the allow-list: IPv4/IPv6 addresses or CIDR ranges; empty allows every address.</summary>
    Task<ManagementResult<ManagementTenantSettings>> SetIpAllowListAsync(IReadOnlyList<string> entries);

    /// <summary>Sets (null/empty: clears) the notification URLs. The first configuration creates the signing key.</summary>
    /// <returns>The settings and, when the key was created or <paramref name="rotateKey"/> was set, the new key (once).</returns>
    Task<ManagementResult<WebhookConfigured>> SetWebhooksAsync(string? taskStatusUrl, string? extensionStatusUrl, bool rotateKey = false);

    /// <summary>Changes how the tenant's requests must be signed; a null argument keeps that part as it is.</summary>
    Task<ManagementResult<ManagementTenantSettings>> SetSignaturePolicyAsync(bool? replayProtection, bool? requireHmac);

    /// <summary>Where a notification of <paramref name="kind"/> goes and its signature over
    /// <c>timestamp + "." + body</c> (HMAC-SHA256 with the tenant's key, which never leaves this grain); null when the
    /// tenant has no URL for that kind.</summary>
    Task<WebhookDispatch?> SignWebhookAsync(WebhookKind kind, string body, long timestampMs);

    public static string KeyFor(string tenantId) => ManagementKeys.TenantSettings(tenantId);
}

/// <param name="ReplayProtection">A signature (account, timestamp, sign) is accepted once within its window (default);
/// off: the legacy behaviour, any number of times.</param>
/// <param name="RequireHmac">Only HMAC-SHA256 signatures are accepted; MD5 ones are refused.</param>
[GenerateSerializer, Immutable, Alias("management.accounts.ManagementTenantSettings")]
public sealed record ManagementTenantSettings(
    string TenantId,
    IReadOnlyList<string> IpAllowList,
    string? TaskStatusUrl,
    string? ExtensionStatusUrl,
    bool HasWebhookKey,
    bool ReplayProtection = true,
    bool RequireHmac = false);

[GenerateSerializer, Immutable, Alias("management.accounts.ApiAccountIssued")]
public sealed record ApiAccountIssued(ApiAccountInfo Account, string? GeneratedSecret);

[GenerateSerializer, Immutable, Alias("management.accounts.WebhookConfigured")]
public sealed record WebhookConfigured(ManagementTenantSettings Settings, string? NewSigningKey);

[GenerateSerializer, Alias("management.accounts.WebhookKind")]
public enum WebhookKind
{
    /// <summary>Call-task status and progress (the original's task callback).</summary>
    TaskStatus,
    /// <summary>Extension registration / work / session state.</summary>
    ExtensionStatus,
}

/// <param name="Signature">Lower-case hex HMAC-SHA256.</param>
[GenerateSerializer, Immutable, Alias("management.accounts.WebhookDispatch")]
public sealed record WebhookDispatch(string Url, string Signature);
