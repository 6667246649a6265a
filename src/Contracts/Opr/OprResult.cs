namespace CallCenter.Opr;

/// <summary>
/// The answer to an operator request: ok with the seat's board state (and, for pickup_call, the call taken), or failed
/// with a reason from <see cref="OprReasons"/>. A failed request changed nothing.
/// </summary>
[GenerateSerializer, Immutable, Alias("opr.OprResult")]
public sealed record OprResult(bool Ok, string? Reason = null, SeatBoardState? BoardState = null, OfferedCall? Call = null)
{
    public static OprResult Success(SeatBoardState? boardState = null, OfferedCall? call = null) => new(true, null, boardState, call);

    public static OprResult Failed(string reason) => new(false, reason);
}
