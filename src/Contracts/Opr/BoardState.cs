namespace CallCenter.Opr;

/// <summary>One party on a board (wire <c>detail.a</c>, <c>detail.b</c>, <c>detail.o</c>).</summary>
/// <param name="Phone">The party's number (the seat phone for the operator).</param>
/// <param name="TalkStatus">From switch events; null when nothing is known yet.</param>
/// <param name="StartTime">When the party answered (switch time), null before.</param>
/// <param name="UserId">The party's leg id: the opaque <c>userId</c> clients pass back in transfer_opr and cross_board.</param>
[GenerateSerializer, Immutable, Alias("opr.PartyView")]
public sealed record PartyView(string Phone, TalkStatus? TalkStatus, DateTimeOffset? StartTime, string? UserId);

/// <summary>One board (window) of a seat.</summary>
/// <param name="O">The operator, present only on the active board when its mode includes the operator.</param>
[GenerateSerializer, Immutable, Alias("opr.BoardView")]
public sealed record BoardView(int BoardIndex, BoardMode Mode, PartyView? A, PartyView? B, PartyView? O);

/// <summary>Everything an operator client shows (the wire's <c>boardState</c>): seat status, handset status, the active
/// board and all 14 boards.</summary>
[GenerateSerializer, Immutable, Alias("opr.SeatBoardState")]
public sealed record SeatBoardState(
    string SeatId,
    string? OperatorId,
    OperatorStatus OprStatus,
    HandsetStatus CallStatus,
    int ActiveBoard,
    IReadOnlyList<BoardView> Boards);
