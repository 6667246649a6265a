using CallCenter.Tenancy;

namespace CallCenter.Grains.Tenancy;

public sealed class ApiKeyState
{
    public string? TenantId { get; set; }
}

[GrainType("api-key")]
public sealed class ApiKeyGrain([PersistentState("apikey")] IPersistentState<ApiKeyState> state) : Grain, IApiKeyGrain
{
    public Task<string?> GetTenantAsync() => Task.FromResult(state.State.TenantId);

    public async Task AssignAsync(string tenantId)
    {
        if (state.State.TenantId == tenantId) return;
        if (state.State.TenantId is not null) throw new InvalidOperationException("this API key already belongs to another tenant");
        state.State.TenantId = tenantId;
        await state.WriteStateAsync();
    }

    public async Task RevokeAsync()
    {
        if (state.State.TenantId is null) return;
        state.State.TenantId = null;
        await state.WriteStateAsync();
    }
}
