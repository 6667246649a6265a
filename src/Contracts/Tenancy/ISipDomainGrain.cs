
namespace CallCenter.Tenancy;

/// <summary>Which tenant a SIP domain belongs to (a global grain, key <see cref="KeyFor"/>), so registration events, which
/// name only extension and domain, reach the right tenant.</summary>
[Alias("tenancy.ISipDomainGrain")]
public interface ISipDomainGrain : IGrainWithStringKey
{
    Task<string?> GetTenantAsync();

    /// <exception cref="InvalidOperationException">The domain belongs to another tenant.</exception>
    Task ClaimAsync(string tenantId);

    public static string KeyFor(string domain) => "_domain/" + domain.ToLowerInvariant();
}
