using CallCenter.Edge.Dialects;
using CallCenter.Edge.Security;

namespace CallCenter.Edge.Tenancy;

/// <summary>Finds the tenant of a request the way one dialect identifies its callers (API key, signature, token).</summary>
public interface ITenantResolver
{
    ValueTask<TenantResolution> ResolveAsync(HttpContext context);

    /// <summary>The login the request attempts, for brute-force protection; null when it presents no credential (a
    /// listener's default tenant), which cannot fail.</summary>
    LoginClaim? Claim(HttpContext context) => null;
}

/// <summary>Either a tenant or the reason there is none.</summary>
public readonly record struct TenantResolution(TenantContext? Tenant, DialectFailure? Failure)
{
    public static TenantResolution Resolved(TenantContext tenant) => new(tenant, null);

    public static TenantResolution Refused(DialectFailure failure) => new(null, failure);
}
