
namespace CallCenter.Opr;

/// <summary>
/// The tenant's roster of operators (everyone who has logged in, with the group of their latest login), for addressing
/// chat to a group or to all. Key: <see cref="OprKeys.Directory"/>. Only ever called; it calls no other grain.
/// </summary>
[Alias("opr.IOprDirectoryGrain")]
public interface IOprDirectoryGrain : IGrainWithStringKey
{
    /// <summary>An operator logged in at a seat of <paramref name="seatGroupNo"/>.</summary>
    Task RecordLoginAsync(string operatorId, string seatGroupNo);

    Task<OperatorEntry?> GetOperatorAsync(string operatorId);

    Task<IReadOnlyList<OperatorEntry>> ListOperatorsAsync();
}
