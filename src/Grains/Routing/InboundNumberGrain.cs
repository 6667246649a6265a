using CallCenter.Routing;

namespace CallCenter.Grains.Routing;

public sealed class InboundNumberState
{
    public InboundRoute? Route { get; set; }
}

[GrainType("inbound-number")]
public sealed class InboundNumberGrain([PersistentState("route")] IPersistentState<InboundNumberState> state) : Grain, IInboundNumberGrain
{
    public Task<InboundRoute?> GetRouteAsync() => Task.FromResult(state.State.Route);

    public async Task ClaimAsync(InboundRoute route)
    {
        if (state.State.Route is { } current && current.TenantId != route.TenantId)
            throw new InvalidOperationException($"number {Number} is already in use");
        if (state.State.Route == route) return;
        state.State.Route = route;
        await state.WriteStateAsync();
    }

    public async Task ReleaseAsync(string tenantId)
    {
        if (state.State.Route?.TenantId != tenantId) return;
        state.State.Route = null;
        await state.WriteStateAsync();
    }

    private string Number => this.GetPrimaryKeyString()["_did/".Length..];
}
