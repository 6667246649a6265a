
namespace CallCenter.Opr;

/// <summary>
/// The tenant's operator-console roster: groups, seats and the operators who have logged in (with their current seat),
/// for addressing chat to a group or all and operator-to-operator calls by operatorId. Key: <see cref="OprKeys.Directory"/>.
/// Only ever called; it calls no other grain.
/// </summary>
[Alias("opr.IOprDirectoryGrain")]
public interface IOprDirectoryGrain : IGrainWithStringKey
{
    Task AddGroupAsync(string seatGroupNo);

    Task AddSeatAsync(string seatId, string seatGroupNo);

    Task<IReadOnlyList<string>> ListGroupsAsync();

    /// <summary>seatId → seatGroupNo.</summary>
    Task<IReadOnlyDictionary<string, string>> ListSeatsAsync();

    /// <summary>Records a login (seat and group) or, with null seat, a logout.</summary>
    Task SetOperatorSeatAsync(string operatorId, string? seatId, string? seatGroupNo);

    Task<OperatorEntry?> GetOperatorAsync(string operatorId);

    /// <summary>The operator logged in at a seat, if any.</summary>
    Task<OperatorEntry?> GetOperatorAtSeatAsync(string seatId);

    Task<IReadOnlyList<OperatorEntry>> ListOperatorsAsync();
}
