using CallCenter.Opr.Pushes;

namespace CallCenter.Opr;

/// <summary>
/// One operator (operatorId) of a tenant: the one owner of which seat the operator sits at, and their mailbox of pushes
/// that wait while they are offline. Key: <see cref="OprKeys.Operator"/>. A seat opens its session for the operator only
/// after <see cref="LoginAsync"/> granted it and closes it before <see cref="LogoutAsync"/>, so a seat never shows an
/// operator this grain places elsewhere (docs/opr-console.md, "Who sits where").
/// </summary>
[Alias("opr.IOperatorGrain")]
public interface IOperatorGrain : IGrainWithStringKey
{
    /// <summary>Logs the operator in at a seat and flushes waiting pushes into that seat's outbox.</summary>
    /// <returns>Null on success, else the seat the operator is logged in at already.</returns>
    Task<string?> LoginAsync(string seatId);

    Task LogoutAsync(string seatId);

    /// <summary>The seat the operator is logged in at, if any.</summary>
    Task<string?> GetSeatAsync();

    /// <summary>To the seat's outbox if logged in, else kept (persisted) for the next login.</summary>
    Task DeliverAsync(OprPush push);
}
