namespace CallCenter.Opr;

/// <summary>An operator as a request names them: by <paramref name="OperatorId"/>, or as whoever is logged in at the seat
/// <paramref name="SeatId"/> (the spec's curl examples name seats: seat1Id, seat2Id). One of the two is set.</summary>
[GenerateSerializer, Immutable, Alias("opr.OperatorRef")]
public sealed record OperatorRef(string? OperatorId, string? SeatId)
{
    public static OperatorRef ById(string operatorId) => new(operatorId, null);

    public static OperatorRef AtSeat(string seatId) => new(null, seatId);
}
