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
[GenerateSerializer, Immutable, Alias("tenancy.TenantSettings")]
public sealed record TenantSettings(bool AllowAnonymousStomp = false);
