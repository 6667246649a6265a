using CallCenter.Opr.Pushes;

namespace CallCenter.Opr;

/// <summary>
/// One operator (operatorId) of a tenant: where they are logged in, and their mailbox of pushes that wait while they are
/// offline. Key: <see cref="OprKeys.Operator"/>.
/// </summary>
[Alias("opr.IOperatorGrain")]
public interface IOperatorGrain : IGrainWithStringKey
{
    /// <summary>Logs the operator in at a seat and flushes waiting pushes into that seat's outbox.</summary>
    /// <returns>Null on success, else the seat the operator is logged in at already.</returns>
    Task<string?> LoginAsync(string seatId);

    Task LogoutAsync(string seatId);

    Task<string?> GetSeatAsync();

    /// <summary>To the seat's outbox if logged in, else kept (persisted) for the next login.</summary>
    Task DeliverAsync(OprPush push);
}
