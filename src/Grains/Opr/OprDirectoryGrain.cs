using CallCenter.Opr;

namespace CallCenter.Grains.Opr;

/// <remarks>Stored directories of earlier versions also hold <c>Groups</c>, <c>Seats</c> and a <c>SeatId</c> per operator;
/// nothing read them (where an operator sits is the operator grain's), so they are ignored when read and gone with the
/// next write.</remarks>
public sealed class OprDirectoryState
{
    public SortedDictionary<string, OperatorEntry> Operators { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>The tenant's roster of operators and the group of each one's latest login. A leaf: it calls no grain.</summary>
[GrainType("opr-directory")]
public sealed class OprDirectoryGrain([PersistentState("directory")] IPersistentState<OprDirectoryState> store) : Grain, IOprDirectoryGrain
{
    private OprDirectoryState S => store.State;

    public async Task RecordLoginAsync(string operatorId, string seatGroupNo)
    {
        var entry = new OperatorEntry(operatorId, seatGroupNo);
        if (S.Operators.TryGetValue(operatorId, out var current) && current == entry) return;
        S.Operators[operatorId] = entry;
        await store.WriteStateAsync();
    }

    public Task<OperatorEntry?> GetOperatorAsync(string operatorId) => Task.FromResult(S.Operators.GetValueOrDefault(operatorId));

    public Task<IReadOnlyList<OperatorEntry>> ListOperatorsAsync() => Task.FromResult<IReadOnlyList<OperatorEntry>>(S.Operators.Values.ToList());
}
