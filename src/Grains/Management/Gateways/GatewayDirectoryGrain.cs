using System.Globalization;
using CallCenter.Management;
using CallCenter.Management.Gateways;

namespace CallCenter.Grains.Management.Gateways;

public sealed class GatewayDirectoryState
{
    public long LastId { get; set; }
    /// <summary>id → gwCode, in id order.</summary>
    public SortedDictionary<long, string> Gateways { get; set; } = [];
}

[GrainType("mgmt-gateway-directory")]
public sealed class GatewayDirectoryGrain([PersistentState("gateways")] IPersistentState<GatewayDirectoryState> state) : Grain, IGatewayDirectoryGrain
{
    private string TenantId => ManagementKeys.TenantOf(this.GetPrimaryKeyString());

    public async Task<ManagementResult<GatewayInfo>> AddAsync(GatewaySettings settings, string? gwCode)
    {
        var id = state.State.LastId + 1;
        if (gwCode is null)
        {
            // The original numbered lines from 1000; a code a client chose earlier is skipped.
            var n = 999 + id;
            while (state.State.Gateways.ContainsValue(n.ToString(CultureInfo.InvariantCulture))) n++;
            gwCode = n.ToString(CultureInfo.InvariantCulture);
        }
        else if (!IGatewayGrain.IsValidCode(gwCode)) return ManagementResult<GatewayInfo>.Fail(ManagementError.InvalidArgument, "invalid gwCode");
        else if (state.State.Gateways.ContainsValue(gwCode)) return ManagementResult<GatewayInfo>.Fail(ManagementError.GatewayExists);

        var created = await Gateway(gwCode).CreateAsync(id, settings);
        if (!created.Ok) return created;
        state.State.LastId = id;
        state.State.Gateways[id] = gwCode;
        await state.WriteStateAsync();
        return created;
    }

    public async Task<ManagementResult<GatewayInfo>> UpdateAsync(long id, string gwCode, GatewaySettings settings)
    {
        if (!state.State.Gateways.TryGetValue(id, out var code) || code != gwCode) return ManagementResult<GatewayInfo>.Fail(ManagementError.GatewayNotFound, "no gateway with that id and gwCode");
        return await Gateway(code).UpdateAsync(id, settings);
    }

    public async Task<IReadOnlyList<GatewayInfo>> ListAsync(int? status = null, long? id = null)
    {
        var codes = id is { } wanted
            ? state.State.Gateways.TryGetValue(wanted, out var one) ? [one] : []
            : state.State.Gateways.Values.ToList();
        var all = await Task.WhenAll(codes.Select(c => Gateway(c).GetAsync()));
        return all.OfType<GatewayInfo>().Where(g => status is null || g.Settings.Status == status).ToList();
    }

    public async Task<IReadOnlyList<GatewayAvailability>> ListAvailableAsync()
    {
        var result = new List<GatewayAvailability>();
        foreach (var gateway in await ListAsync(status: 1))
            result.Add(new GatewayAvailability(gateway, await Gateway(gateway.GwCode).GetUsageAsync()));
        return result;
    }

    public async Task<IReadOnlyList<string>> EnabledCodesAsync() => (await ListAsync(status: 1)).Select(g => g.GwCode).ToList();

    private IGatewayGrain Gateway(string code) => GrainFactory.GetGrain<IGatewayGrain>(IGatewayGrain.KeyFor(TenantId, code));
}
