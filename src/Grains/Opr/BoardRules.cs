using CallCenter.Opr;

namespace CallCenter.Grains.Opr;

/// <summary>Where the operator's handset goes for the active board's mode.</summary>
internal enum HandsetPlacement
{
    /// <summary>Parked: the operator hears nothing of the board.</summary>
    Park,
    /// <summary>In the board's conference, talking.</summary>
    Conference,
    /// <summary>In the board's conference, muted (monitor).</summary>
    ConferenceMuted,
    /// <summary>Barged into a busy party's outside conversation (insert on a busy number).</summary>
    Barge,
}

/// <summary>
/// The board state machine of docs/opr-boards.md, free of any switch or grain concern so the table and the code can be
/// read side by side: which operation is valid in which state, which mode follows, and who hears whom in each mode.
/// </summary>
internal static class BoardRules
{
    /// <summary>Operations that give the operator's audio to the board, so they make it the active board.</summary>
    public static bool Activates(BoardOperation operation) => operation is not (BoardOperation.Ab or BoardOperation.ReleaseA or BoardOperation.ReleaseB or BoardOperation.CleanBoard);

    /// <summary>Why <paramref name="operation"/> is not valid on <paramref name="board"/> now, or null when it is.
    /// Insert on a busy party additionally needs the party's outside conversation, which the seat looks up.</summary>
    public static string? Check(BoardRecord board, BoardOperation operation)
    {
        var a = board.A;
        var b = board.B;
        bool BothAnswered() => a is { Answered: true } && b is { Answered: true };
        string BothReason() => a is null || b is null ? OprReasons.NoParty : OprReasons.InvalidState;

        switch (operation)
        {
            case BoardOperation.SideA:
            case BoardOperation.ReleaseA:
                return a is null ? OprReasons.NoParty : null;
            case BoardOperation.SideB:
            case BoardOperation.ReleaseB:
                return b is null ? OprReasons.NoParty : null;
            case BoardOperation.Third:
            case BoardOperation.Ab:
            case BoardOperation.Monitor:
                return BothAnswered() ? null : BothReason();
            case BoardOperation.InsertA:
                return a is null ? OprReasons.NoParty : BothAnswered() || a.Status == TalkStatus.Busy ? null : OprReasons.InvalidState;
            case BoardOperation.InsertB:
                return b is null ? OprReasons.NoParty : BothAnswered() || b.Status == TalkStatus.Busy ? null : OprReasons.InvalidState;
            case BoardOperation.SplitA:
            case BoardOperation.SplitB:
                // Splitting separates an established A–B connection; a board still being built has nothing to split.
                if (!BothAnswered()) return BothReason();
                return board.InsertTargetLegId is null && ConnectsParties(board.Mode, external: false) || board.Mode is BoardMode.SplitA or BoardMode.SplitB
                    ? null
                    : OprReasons.InvalidState;
            case BoardOperation.CleanBoard:
                return null;
            default:
                return OprReasons.Unhandled;
        }
    }

    /// <summary>The mode an operation leads to (release and clean remove parties and then <see cref="Normalize"/>).</summary>
    public static BoardMode ModeAfter(BoardOperation operation) => operation switch
    {
        BoardOperation.SideA => BoardMode.SideA,
        BoardOperation.SideB => BoardMode.SideB,
        BoardOperation.Third => BoardMode.Third,
        BoardOperation.Ab => BoardMode.Ab,
        BoardOperation.Monitor => BoardMode.Monitor,
        BoardOperation.InsertA => BoardMode.InsertA,
        BoardOperation.InsertB => BoardMode.InsertB,
        BoardOperation.SplitA => BoardMode.SplitA,
        BoardOperation.SplitB => BoardMode.SplitB,
        _ => throw new ArgumentOutOfRangeException(nameof(operation), operation, "release and clean have no mode of their own"),
    };

    /// <summary>
    /// After a party left or arrived: an empty board is <see cref="BoardMode.Empty"/>; a board with one party is that
    /// party's side (unless the operator is barging into that busy party's outside call); modes that need both parties
    /// collapse.
    /// </summary>
    public static void Normalize(BoardRecord board)
    {
        if (board.IsEmpty)
        {
            board.Mode = BoardMode.Empty;
            board.InsertTargetLegId = null;
            board.DialAfterAnnounce = null;
            board.AnnounceLegId = null;
            return;
        }
        var externalInsert = board.InsertTargetLegId is not null;
        if (board.B is null)
        {
            if (!(externalInsert && board.Mode == BoardMode.InsertA)) { board.Mode = BoardMode.SideA; board.InsertTargetLegId = null; }
        }
        else if (board.A is null)
        {
            if (!(externalInsert && board.Mode == BoardMode.InsertB)) { board.Mode = BoardMode.SideB; board.InsertTargetLegId = null; }
        }
        else if (board.Mode == BoardMode.Empty)
        {
            board.Mode = BoardMode.SideA;
        }
        if (board.Mode is not (BoardMode.InsertA or BoardMode.InsertB)) board.InsertTargetLegId = null;
    }

    /// <summary>Modes in which the operator takes part when the board is active.</summary>
    public static bool IncludesOperator(BoardMode mode) => mode is not (BoardMode.Empty or BoardMode.Ab);

    /// <summary>Modes in which A and B hear each other.</summary>
    public static bool ConnectsParties(BoardMode mode, bool external) =>
        mode is BoardMode.Third or BoardMode.Monitor or BoardMode.Ab || (mode is BoardMode.InsertA or BoardMode.InsertB && !external);

    /// <summary>Whether a party on the board is put on hold (music, hears and is heard by nobody).</summary>
    /// <param name="operatorPresent">The board is active and the operator's handset is up and not in an operator talk.</param>
    public static bool PartyHeld(BoardMode mode, BoardSide side, bool operatorPresent, bool external) => mode switch
    {
        BoardMode.SideA or BoardMode.SplitA => side != BoardSide.A || !operatorPresent,
        BoardMode.SideB or BoardMode.SplitB => side != BoardSide.B || !operatorPresent,
        BoardMode.InsertA or BoardMode.InsertB when external => true,
        BoardMode.Third or BoardMode.Monitor or BoardMode.Ab or BoardMode.InsertA or BoardMode.InsertB => false,
        _ => true,
    };

    /// <summary>Where the handset goes while <paramref name="mode"/> is the active board's mode.</summary>
    public static HandsetPlacement Operator(BoardMode mode, bool external) => mode switch
    {
        BoardMode.Empty or BoardMode.Ab => HandsetPlacement.Park,
        BoardMode.Monitor => HandsetPlacement.ConferenceMuted,
        BoardMode.InsertA or BoardMode.InsertB when external => HandsetPlacement.Barge,
        _ => HandsetPlacement.Conference,
    };
}
