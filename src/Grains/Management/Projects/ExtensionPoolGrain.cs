using System.Globalization;
using CallCenter.Extensions;
using CallCenter.Management;
using CallCenter.Management.Projects;
using Microsoft.Extensions.Options;

namespace CallCenter.Grains.Management.Projects;

public sealed class ExtensionPoolState
{
    /// <summary>Number → holder ("project/{code}").</summary>
    public Dictionary<string, string> Held { get; set; } = new(StringComparer.Ordinal);
}

[GrainType("mgmt-extension-pool")]
public sealed class ExtensionPoolGrain(
    [PersistentState("pool")] IPersistentState<ExtensionPoolState> state,
    IOptions<ManagementGrainOptions> options) : Grain, IExtensionPoolGrain
{
    private string TenantId => ManagementKeys.TenantOf(this.GetPrimaryKeyString());

    public async Task<IReadOnlyList<string>> AllocateAsync(string holder, int count)
    {
        // What the holder already has counts first, so a creation retried after a crash gets the same numbers back
        // instead of leaking the first attempt's.
        var result = state.State.Held.Where(h => h.Value == holder).Select(h => h.Key).Order(StringComparer.Ordinal).Take(count).ToList();
        var range = options.Value;
        for (var n = range.ExtensionRangeFirst; n <= range.ExtensionRangeLast && result.Count < count; n++)
        {
            var number = n.ToString(CultureInfo.InvariantCulture);
            if (state.State.Held.ContainsKey(number)) continue;
            // Another dialect (an operator seat, an OLA extension) may have provisioned this number in the same SIP domain.
            if (await GrainFactory.GetGrain<IExtensionGrain>(IExtensionGrain.KeyFor(TenantId, number)).GetAsync() is not null) continue;
            state.State.Held[number] = holder;
            result.Add(number);
        }
        await state.WriteStateAsync();
        return result;
    }

    public async Task ReleaseAsync(string holder, IReadOnlyList<string> numbers)
    {
        var changed = false;
        foreach (var number in numbers)
        {
            if (state.State.Held.TryGetValue(number, out var current) && current == holder) changed |= state.State.Held.Remove(number);
        }
        if (changed) await state.WriteStateAsync();
    }

    public async Task<bool> TransferAsync(string number, string fromHolder, string toHolder)
    {
        if (!state.State.Held.TryGetValue(number, out var current) || current != fromHolder) return false;
        state.State.Held[number] = toHolder;
        await state.WriteStateAsync();
        return true;
    }

    public Task<string?> GetHolderAsync(string number) => Task.FromResult(state.State.Held.GetValueOrDefault(number));
}
