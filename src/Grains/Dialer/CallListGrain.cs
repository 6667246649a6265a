using CallCenter.Dialer;

namespace CallCenter.Grains.Dialer;

/// <summary>An append-only, de-duplicated number list. Ids are positions (1, 2, 3…), so a task's progress is one number:
/// the last id it took.</summary>
[GrainType("dialer-call-list")]
public sealed class CallListGrain([PersistentState("list")] IPersistentState<CallListState> state) : Grain, ICallListGrain
{
    private HashSet<string>? _known;

    public async Task<CallListImportResult> AppendAsync(IReadOnlyList<string> numbers)
    {
        _known ??= new HashSet<string>(state.State.Numbers, StringComparer.Ordinal);
        var first = state.State.Numbers.Count + 1L;
        var accepted = 0;
        foreach (var number in numbers)
        {
            if (!_known.Add(number)) continue;
            state.State.Numbers.Add(number);
            accepted++;
        }
        if (accepted > 0) await state.WriteStateAsync();
        long last = state.State.Numbers.Count;
        return new CallListImportResult(accepted, numbers.Count - accepted, accepted > 0 ? first : 0, accepted > 0 ? last : 0, last);
    }

    public Task<IReadOnlyList<CallListEntry>> ReadAsync(long afterId, int max)
    {
        var list = state.State.Numbers;
        var start = (int)Math.Clamp(afterId, 0, list.Count);
        var count = Math.Min(max, list.Count - start);
        var result = new List<CallListEntry>(Math.Max(0, count));
        for (var i = 0; i < count; i++) result.Add(new CallListEntry(start + i + 1, list[start + i]));
        return Task.FromResult<IReadOnlyList<CallListEntry>>(result);
    }

    public Task<long> LastIdAsync() => Task.FromResult((long)state.State.Numbers.Count);
}

public sealed class CallListState
{
    /// <summary>Entry id = index + 1.</summary>
    public List<string> Numbers { get; set; } = [];
}
