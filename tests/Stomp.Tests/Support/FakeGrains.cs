using CallCenter.Runtime;
using CallCenter.Tenancy;

namespace CallCenter.Stomp.Tests.Support;

/// <summary>Just enough of the grain runtime for the STOMP unit tests: tenant profiles.</summary>
internal sealed class FakeGrains : IGrainFactory
{
    private readonly Dictionary<string, TenantProfile> _tenants = new(StringComparer.Ordinal);

    public FakeGrains WithTenant(string tenantId, bool allowAnonymous, bool enabled = true)
    {
        _tenants[tenantId] = new TenantProfile(tenantId, tenantId, $"{tenantId}.test", enabled, DateTimeOffset.UnixEpoch, new TenantSettings(allowAnonymous));
        return this;
    }

    public TGrainInterface GetGrain<TGrainInterface>(string primaryKey) where TGrainInterface : IGrainWithStringKey
    {
        if (typeof(TGrainInterface) == typeof(ITenantGrain)) return (TGrainInterface)(object)new TenantGrain(this, primaryKey);
        throw new NotSupportedException(typeof(TGrainInterface).Name);
    }

    private sealed class TenantGrain(FakeGrains owner, string tenantId) : ITenantGrain
    {
        public Task<TenantProfile?> GetProfileAsync() => Task.FromResult(owner._tenants.GetValueOrDefault(tenantId));

        public Task<TenantProfile> ProvisionAsync(TenantProvisioning request) => throw new NotSupportedException();

        public Task<TenantProfile> SetEnabledAsync(bool enabled) => throw new NotSupportedException();

        public Task<TenantProfile> UpdateSettingsAsync(TenantSettings settings) => throw new NotSupportedException();
    }
}
