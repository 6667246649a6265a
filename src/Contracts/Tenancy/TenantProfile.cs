namespace CallCenter.Tenancy;

/// <summary>A SaaS customer of CallCenter.</summary>
/// <param name="TenantId">Stable id, the prefix of every grain key the tenant owns.</param>
/// <param name="Name">Display name.</param>
/// <param name="SipDomain">The SIP domain its extensions register in (extension numbers are unique per domain only).</param>
/// <param name="Enabled">A disabled tenant's requests are refused by every dialect.</param>
/// <param name="Settings">Per-tenant switches the dialects consult.</param>
[GenerateSerializer, Immutable, Alias("tenancy.TenantProfile")]
public sealed record TenantProfile(
    string TenantId,
    string Name,
    string SipDomain,
    bool Enabled,
    DateTimeOffset CreatedAt,
    TenantSettings Settings);

/// <summary>Per-tenant behaviour switches.</summary>
/// <param name="AllowAnonymousStomp">The original management websocket had no authentication; a migrating tenant may
/// keep anonymous STOMP CONNECT. New tenants default to the secure mode.</param>
/// <param name="OutboundAllowList">Set by the operator, never by the tenant: private, link-local, shared or reserved
/// addresses (CIDR ranges) and host names (<c>hooks.corp</c>, <c>*.corp</c>) the tenant's callbacks and webhooks may
/// reach, which are otherwise refused (docs/security.md, "Outbound requests (SSRF)"). Null or empty: public addresses only.</param>
[GenerateSerializer, Immutable, Alias("tenancy.TenantSettings")]
public sealed record TenantSettings(bool AllowAnonymousStomp = false, IReadOnlyList<string>? OutboundAllowList = null);
