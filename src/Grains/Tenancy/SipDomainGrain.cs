using CallCenter.Tenancy;

namespace CallCenter.Grains.Tenancy;

public sealed class SipDomainState
{
    public string? TenantId { get; set; }
}

[GrainType("sip-domain")]
public sealed class SipDomainGrain([PersistentState("domain")] IPersistentState<SipDomainState> state) : Grain, ISipDomainGrain
{
    public Task<string?> GetTenantAsync() => Task.FromResult(state.State.TenantId);

    public async Task ClaimAsync(string tenantId)
    {
        if (state.State.TenantId == tenantId) return;
        if (state.State.TenantId is not null) throw new InvalidOperationException($"SIP domain {this.GetPrimaryKeyString()["_domain/".Length..]} belongs to another tenant");
        state.State.TenantId = tenantId;
        await state.WriteStateAsync();
    }
}
