using CallCenter.Tenancy;

namespace CallCenter.Grains.Tenancy;

public sealed class TenantDirectoryState
{
    public SortedSet<string> TenantIds { get; set; } = new(StringComparer.Ordinal);
}

[GrainType("tenant-directory")]
public sealed class TenantDirectoryGrain([PersistentState("directory")] IPersistentState<TenantDirectoryState> state) : Grain, ITenantDirectoryGrain
{
    public Task<IReadOnlyList<string>> ListAsync() => Task.FromResult<IReadOnlyList<string>>(state.State.TenantIds.ToList());

    public async Task AddAsync(string tenantId)
    {
        if (state.State.TenantIds.Add(tenantId)) await state.WriteStateAsync();
    }
}
