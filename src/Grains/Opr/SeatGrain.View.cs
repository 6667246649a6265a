using CallCenter.Opr;

namespace CallCenter.Grains.Opr;

// The board state as clients see it (boardState).
public sealed partial class SeatGrain
{
    private SeatBoardState View()
    {
        var boards = new BoardView[OprKeys.BoardCount];
        for (var i = 1; i <= OprKeys.BoardCount; i++)
        {
            var board = S.Board(i);
            boards[i - 1] = new BoardView(i, board.Mode, PartyView(board.A), PartyView(board.B), OperatorView(i, board));
        }
        return new SeatBoardState(SeatId, S.OperatorId, OperatorStatusNow(), CallStatusNow(), S.ActiveBoard, boards);
    }

    private OperatorStatus OperatorStatusNow()
        => S.OperatorId is null ? OperatorStatus.Suspending
            : S.PhoneRegistered == false ? OperatorStatus.Maintaining
            : OperatorStatus.Logined;

    /// <summary>An operator talk overrides the handset's own state, as the original's p2p_ring / p2p_answer did.</summary>
    private HandsetStatus CallStatusNow()
        => S.Talk is { } talk ? (talk.Accepted ? HandsetStatus.P2pAnswer : HandsetStatus.P2pRing) : S.Handset.Status;

    private static PartyView? PartyView(PartyRecord? party)
        => party is null ? null : new PartyView(party.Phone, party.Status, party.StartTime, party.LegId);

    /// <summary>The operator appears on the active board only, when its mode includes the operator and the handset is being
    /// called or is up, and not while the operator talks to another operator.</summary>
    private PartyView? OperatorView(int boardIndex, BoardRecord board)
    {
        if (boardIndex != S.ActiveBoard || !BoardRules.IncludesOperator(board.Mode) || S.Handset.LegId is null || S.Talk is { Accepted: true }) return null;
        TalkStatus? status = S.Handset.Status switch
        {
            HandsetStatus.Invite => TalkStatus.Calling,
            HandsetStatus.Ring => TalkStatus.Ring,
            HandsetStatus.HookOff => TalkStatus.HookOff,
            _ => null,
        };
        return status is null ? null : new PartyView(S.SeatPhone ?? "", status, S.Handset.StartTime, S.Handset.LegId);
    }
}
