using CallCenter.Tenancy;
using Microsoft.Extensions.Logging;

namespace CallCenter.Grains.Tenancy;

[GrainType("tenant")]
public sealed class TenantGrain(
    [PersistentState("tenant")] IPersistentState<TenantState> state,
    TimeProvider clock,
    ILogger<TenantGrain> log) : Grain, ITenantGrain
{
    public Task<TenantProfile?> GetProfileAsync() => Task.FromResult(state.State.Profile);

    public async Task<TenantProfile> ProvisionAsync(TenantProvisioning request)
    {
        if (state.State.Profile is { } existing) return existing;
        if (!TenantIds.IsValid(this.GetPrimaryKeyString())) throw new ArgumentException($"'{this.GetPrimaryKeyString()}' is not a valid tenant id");
        if (string.IsNullOrWhiteSpace(request.SipDomain)) throw new ArgumentException("a tenant needs a SIP domain");

        // The domain and the directory learn of the tenant first: if the process dies in between, they name a tenant without a
        // profile (harmless, completed by the next provisioning), never a profile that routing or the directory misses.
        await GrainFactory.GetGrain<ISipDomainGrain>(ISipDomainGrain.KeyFor(request.SipDomain)).ClaimAsync(this.GetPrimaryKeyString());
        await GrainFactory.GetGrain<ITenantDirectoryGrain>(ITenantDirectoryGrain.Key).AddAsync(this.GetPrimaryKeyString());
        state.State.Profile = new TenantProfile(this.GetPrimaryKeyString(), request.Name, request.SipDomain, Enabled: true, clock.GetUtcNow(), request.Settings);
        await state.WriteStateAsync();
        log.LogInformation("Tenant {TenantId} provisioned with SIP domain {SipDomain}", this.GetPrimaryKeyString(), request.SipDomain);
        return state.State.Profile;
    }

    public Task<TenantProfile> SetEnabledAsync(bool enabled) => UpdateAsync(p => p with { Enabled = enabled });

    public Task<TenantProfile> UpdateSettingsAsync(TenantSettings settings) => UpdateAsync(p => p with { Settings = settings });

    private async Task<TenantProfile> UpdateAsync(Func<TenantProfile, TenantProfile> change)
    {
        var profile = state.State.Profile ?? throw new InvalidOperationException($"tenant '{this.GetPrimaryKeyString()}' does not exist");
        state.State.Profile = change(profile);
        await state.WriteStateAsync();
        return state.State.Profile;
    }
}
