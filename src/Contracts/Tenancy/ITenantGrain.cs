
namespace CallCenter.Tenancy;

/// <summary>One tenant's profile. Key: the tenant id.</summary>
[Alias("tenancy.ITenantGrain")]
public interface ITenantGrain : IGrainWithStringKey
{
    /// <returns>The profile, or null if the tenant was never provisioned.</returns>
    Task<TenantProfile?> GetProfileAsync();

    /// <summary>Creates the tenant, or returns the existing profile unchanged (provisioning is idempotent).</summary>
    Task<TenantProfile> ProvisionAsync(TenantProvisioning request);

    Task<TenantProfile> SetEnabledAsync(bool enabled);

    Task<TenantProfile> UpdateSettingsAsync(TenantSettings settings);
}

/// <summary>What is needed to create a tenant.</summary>
[GenerateSerializer, Immutable, Alias("tenancy.TenantProvisioning")]
public sealed record TenantProvisioning(string Name, string SipDomain, TenantSettings Settings);
