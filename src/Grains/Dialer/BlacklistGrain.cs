using CallCenter.Dialer;

namespace CallCenter.Grains.Dialer;

/// <summary>The tenant's blacklist; tasks ask it for every batch of numbers before dialling them.</summary>
[GrainType("dialer-blacklist")]
public sealed class BlacklistGrain([PersistentState("blacklist")] IPersistentState<BlacklistState> state) : Grain, IBlacklistGrain
{
    public async Task<int> AddAsync(IReadOnlyList<string> numbers)
    {
        var added = numbers.Count(n => state.State.Numbers.Add(n));
        if (added > 0) await state.WriteStateAsync();
        return added;
    }

    public async Task<int> RemoveAsync(IReadOnlyList<string> numbers)
    {
        var removed = numbers.Count(n => state.State.Numbers.Remove(n));
        if (removed > 0) await state.WriteStateAsync();
        return removed;
    }

    public Task<BlacklistPage> ListAsync(int page, int pageSize)
    {
        var items = state.State.Numbers.Order(StringComparer.Ordinal).Skip((page - 1) * pageSize).Take(pageSize).ToList();
        return Task.FromResult(new BlacklistPage(state.State.Numbers.Count, items));
    }

    public Task<IReadOnlyList<string>> FilterBlockedAsync(IReadOnlyList<string> numbers)
        => Task.FromResult<IReadOnlyList<string>>(numbers.Where(state.State.Numbers.Contains).ToList());
}

public sealed class BlacklistState
{
    public HashSet<string> Numbers { get; set; } = new(StringComparer.Ordinal);
}
