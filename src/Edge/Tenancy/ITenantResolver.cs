using CallCenter.Edge.Dialects;

namespace CallCenter.Edge.Tenancy;

/// <summary>Finds the tenant of a request the way one dialect identifies its callers (API key, signature, token).</summary>
public interface ITenantResolver
{
    ValueTask<TenantResolution> ResolveAsync(HttpContext context);
}

/// <summary>Either a tenant or the reason there is none.</summary>
public readonly record struct TenantResolution(TenantContext? Tenant, DialectFailure? Failure)
{
    public static TenantResolution Resolved(TenantContext tenant) => new(tenant, null);

    public static TenantResolution Refused(DialectFailure failure) => new(null, failure);
}
