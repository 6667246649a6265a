using CallCenter.Opr;

namespace CallCenter.Grains.Opr;

public sealed class OprDirectoryState
{
    public SortedSet<string> Groups { get; set; } = new(StringComparer.Ordinal);

    /// <summary>seatId → seatGroupNo.</summary>
    public SortedDictionary<string, string> Seats { get; set; } = new(StringComparer.Ordinal);

    public SortedDictionary<string, OperatorEntry> Operators { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>The tenant's console roster (groups, seats, operators and where they are logged in). A leaf: it calls no grain.</summary>
[GrainType("opr-directory")]
public sealed class OprDirectoryGrain([PersistentState("directory")] IPersistentState<OprDirectoryState> store) : Grain, IOprDirectoryGrain
{
    private OprDirectoryState S => store.State;

    public async Task AddGroupAsync(string seatGroupNo)
    {
        if (S.Groups.Add(seatGroupNo)) await store.WriteStateAsync();
    }

    public async Task AddSeatAsync(string seatId, string seatGroupNo)
    {
        if (S.Seats.TryGetValue(seatId, out var current) && current == seatGroupNo) return;
        S.Seats[seatId] = seatGroupNo;
        await store.WriteStateAsync();
    }

    public Task<IReadOnlyList<string>> ListGroupsAsync() => Task.FromResult<IReadOnlyList<string>>(S.Groups.ToList());

    public Task<IReadOnlyDictionary<string, string>> ListSeatsAsync()
        => Task.FromResult<IReadOnlyDictionary<string, string>>(new Dictionary<string, string>(S.Seats));

    public async Task SetOperatorSeatAsync(string operatorId, string? seatId, string? seatGroupNo)
    {
        // A logout keeps the operator's group, so group messages sent while they are away still reach them at next login.
        var group = seatGroupNo ?? (S.Operators.TryGetValue(operatorId, out var known) ? known.SeatGroupNo : null);
        var entry = new OperatorEntry(operatorId, seatId, group);
        if (S.Operators.TryGetValue(operatorId, out var current) && current == entry) return;
        S.Operators[operatorId] = entry;
        await store.WriteStateAsync();
    }

    public Task<OperatorEntry?> GetOperatorAsync(string operatorId) => Task.FromResult(S.Operators.GetValueOrDefault(operatorId));

    public Task<OperatorEntry?> GetOperatorAtSeatAsync(string seatId)
        => Task.FromResult(S.Operators.Values.FirstOrDefault(o => o.SeatId == seatId));

    public Task<IReadOnlyList<OperatorEntry>> ListOperatorsAsync() => Task.FromResult<IReadOnlyList<OperatorEntry>>(S.Operators.Values.ToList());
}
