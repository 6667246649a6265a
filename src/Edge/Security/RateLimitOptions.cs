namespace CallCenter.Edge.Security;

/// <summary>Section "Edge:RateLimits": token buckets per tenant and per credential within a tenant, checked on every
/// request of the HTTP dialects once its tenant is known. A request over either limit is refused in the dialect's shape
/// with HTTP 429 and Retry-After; nothing is queued.</summary>
public sealed class RateLimitOptions
{
    public const string SectionName = "Edge:RateLimits";

    public bool Enabled { get; set; } = true;

    /// <summary>All credentials of a tenant together.</summary>
    public RateLimit Tenant { get; set; } = new() { RequestsPerSecond = 1000, Burst = 5000 };

    /// <summary>One credential (API account, API key, operator-console listener) of a tenant.</summary>
    public RateLimit Credential { get; set; } = new() { RequestsPerSecond = 200, Burst = 1000 };

    /// <summary>Per-tenant overrides by tenant id (a customer on a larger plan, or one to hold back).</summary>
    public Dictionary<string, TenantRateLimits> Tenants { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>A token bucket: <see cref="Burst"/> requests at once, refilled at <see cref="RequestsPerSecond"/>.</summary>
public sealed class RateLimit
{
    public int RequestsPerSecond { get; set; }

    public int Burst { get; set; }
}

public sealed class TenantRateLimits
{
    public RateLimit? Tenant { get; set; }

    public RateLimit? Credential { get; set; }
}
