using System.Threading.RateLimiting;
using CallCenter.Edge.Tenancy;
using Microsoft.Extensions.Options;

namespace CallCenter.Edge.Security;

/// <summary>
/// The per-tenant and per-credential limits of <see cref="RateLimitOptions"/>, as ASP.NET Core's token-bucket limiters
/// partitioned by tenant and by (tenant, credential), chained so a request needs a token from both. Partitions are
/// created on first use and dropped by the limiter when idle.
/// </summary>
public sealed class TenantRateLimiter : IAsyncDisposable
{
    private readonly RateLimitOptions _options;
    private readonly PartitionedRateLimiter<TenantContext>? _limiter;

    public TenantRateLimiter(IOptions<RateLimitOptions> options)
    {
        _options = options.Value;
        if (!_options.Enabled) return;
        var perTenant = PartitionedRateLimiter.Create<TenantContext, string>(t =>
            RateLimitPartition.GetTokenBucketLimiter(t.TenantId, id => Bucket(Override(id)?.Tenant ?? _options.Tenant)));
        var perCredential = PartitionedRateLimiter.Create<TenantContext, (string, string, string)>(t =>
            RateLimitPartition.GetTokenBucketLimiter((t.TenantId, t.Dialect, t.Principal ?? ""), key => Bucket(Override(key.Item1)?.Credential ?? _options.Credential)));
        _limiter = PartitionedRateLimiter.CreateChained(perTenant, perCredential);
    }

    /// <returns>Null when the request may go ahead, else how long the caller should wait.</returns>
    public TimeSpan? TryAcquire(TenantContext tenant)
    {
        if (_limiter is null) return null;
        using var lease = _limiter.AttemptAcquire(tenant);
        if (lease.IsAcquired) return null;
        return lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
    }

    private TenantRateLimits? Override(string tenantId) => _options.Tenants.GetValueOrDefault(tenantId);

    private static TokenBucketRateLimiterOptions Bucket(RateLimit limit) => new()
    {
        TokenLimit = Math.Max(1, limit.Burst),
        TokensPerPeriod = Math.Max(1, limit.RequestsPerSecond),
        ReplenishmentPeriod = TimeSpan.FromSeconds(1),
        QueueLimit = 0,
        AutoReplenishment = true,
    };

    public ValueTask DisposeAsync() => _limiter?.DisposeAsync() ?? ValueTask.CompletedTask;
}
