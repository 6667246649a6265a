using System.Globalization;
using System.Text.Json.Nodes;
using CallCenter.Opr;
using CallCenter.Opr.Pushes;

namespace CallCenter.Edge.Opr;

/// <summary>
/// Domain records → the operator console's wire JSON, spelled as the original server sent it (wire-notes.md): all values
/// strings, <c>boardstatus</c> and <c>talkstatus</c> null when there is none, times in Unix milliseconds.
/// </summary>
public static class OprWire
{
    public static string Index(int index) => index.ToString(CultureInfo.InvariantCulture);

    public static string Time(DateTimeOffset time) => time.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);

    public static string? Mode(BoardMode mode) => mode switch
    {
        BoardMode.Empty => null,
        BoardMode.SideA => "sidea",
        BoardMode.SideB => "sideb",
        BoardMode.Monitor => "monitor",
        BoardMode.InsertA => "inserta",
        BoardMode.InsertB => "insertb",
        BoardMode.Third => "third",
        BoardMode.SplitA => "splita",
        BoardMode.SplitB => "splitb",
        BoardMode.Ab => "ab",
        _ => null,
    };

    public static string? Talk(TalkStatus? status) => status switch
    {
        TalkStatus.Calling => "calling",
        TalkStatus.Ring => "ring",
        TalkStatus.Busy => "busy",
        TalkStatus.HookOff => "hook_off",
        TalkStatus.TpRing => "tpring",
        _ => null,
    };

    public static string Handset(HandsetStatus status) => status switch
    {
        HandsetStatus.Init => "init",
        HandsetStatus.Invite => "invite",
        HandsetStatus.Ring => "ring",
        HandsetStatus.HookOn => "hook_on",
        HandsetStatus.HookOff => "hook_off",
        HandsetStatus.P2pRing => "p2p_ring",
        HandsetStatus.P2pAnswer => "p2p_answer",
        _ => "init",
    };

    public static string Operator(OperatorStatus status) => status switch
    {
        OperatorStatus.Logined => "logined",
        OperatorStatus.Maintaining => "maintaining",
        _ => "suspending",
    };

    public static JsonObject BoardState(SeatBoardState state)
    {
        var boards = new JsonArray();
        foreach (var board in state.Boards)
        {
            var detail = new JsonObject();
            if (board.A is { } a) detail["a"] = Party(a);
            if (board.B is { } b) detail["b"] = Party(b);
            if (board.O is { } o) detail["o"] = Party(o);
            boards.Add(new JsonObject
            {
                ["boardIndex"] = Index(board.BoardIndex),
                ["boardstatus"] = Mode(board.Mode),
                ["detail"] = detail,
            });
        }
        return new JsonObject
        {
            ["callstatus"] = Handset(state.CallStatus),
            ["oprstatus"] = Operator(state.OprStatus),
            ["activedBoard"] = Index(state.ActiveBoard),
            ["operatorId"] = state.OperatorId,
            ["boards"] = boards,
        };
    }

    private static JsonObject Party(PartyView party) => new()
    {
        ["phone"] = party.Phone,
        ["talkstatus"] = Talk(party.TalkStatus),
        ["starttime"] = party.StartTime is { } start ? Time(start) : null,
        ["userId"] = party.UserId,
    };

    public static JsonObject Call(OfferedCall call) => new()
    {
        ["userId"] = call.UserId,
        ["phoneNumber"] = call.PhoneNumber,
        ["callTime"] = Time(call.CallTime),
    };

    /// <summary>A push as the client receives it (websocket frame or HTTP callback body), with its sequence number.</summary>
    /// <param name="seatId">The seat whose outbox the push came from (the recipient).</param>
    public static JsonObject Push(SequencedPush sequenced, string seatId)
    {
        var json = sequenced.Push switch
        {
            BoardStateChanged p => new JsonObject
            {
                ["msgType"] = "boardStateChange",
                ["seatId"] = p.SeatId,
                // wire-notes: the original sent boardIndex; the spec document says changedBoardIndex. Both.
                ["boardIndex"] = Index(p.ChangedBoardIndex),
                ["changedBoardIndex"] = Index(p.ChangedBoardIndex),
                ["boardState"] = BoardState(p.BoardState),
            },
            CallsOffered p => new JsonObject
            {
                ["msgType"] = "call_broadcast",
                ["seatGroupNo"] = p.SeatGroupNo,
                ["calls"] = new JsonArray(p.Calls.Select(c => (JsonNode)Call(c)).ToArray()),
            },
            PartyTransferred p => new JsonObject
            {
                ["msgType"] = "push_transfer_to_opr",
                ["FromSeatId"] = p.FromSeatId,
                ["ToSeatId"] = p.ToSeatId,
                ["userId"] = p.UserId,
                ["phone"] = p.Phone,
                ["boardIndex"] = Index(p.BoardIndex),
            },
            TalkRequested p => new JsonObject
            {
                ["msgType"] = "talk_to_opr",
                ["operator1Id"] = p.Operator1Id,
                ["operator2Id"] = p.Operator2Id,
                ["seat1Id"] = p.Seat1Id,
                ["seat2Id"] = p.Seat2Id,
            },
            TalkEnded p => new JsonObject
            {
                ["msgType"] = "hangup_to_opr",
                ["operator1Id"] = p.Operator1Id,
                ["operator2Id"] = p.Operator2Id,
                ["by"] = p.ByOperatorId,
            },
            MessageArrived p => new JsonObject
            {
                ["msgType"] = "message_arrival",
                ["seat1Id"] = p.Message.SourceSeatId,
                ["seat2Id"] = seatId,
                ["operator1Id"] = p.Message.SourceOperatorId,
                ["operator2Id"] = p.RecipientOperatorId,
                ["msg"] = p.Message.Text,
                ["time"] = Time(p.Message.At),
                ["source"] = p.Message.SourceOperatorId,
                ["target"] = p.Message.Target,
                ["type"] = p.Message.Target,
                ["msgId"] = p.Message.Id.ToString(CultureInfo.InvariantCulture),
            },
            UserStateChanged p => new JsonObject
            {
                ["msgType"] = "userstate_change",
                ["seatId"] = p.SeatId,
                ["phoneNumber"] = p.PhoneNumber,
                ["operatorId"] = p.OperatorId,
                ["userState"] = p.UserState,
                ["time"] = Time(p.At),
            },
            _ => new JsonObject { ["msgType"] = "unknown" },
        };
        json["seq"] = sequenced.Seq;
        return json;
    }

    public static JsonObject HistoryEntry(ChatMessage message) => new()
    {
        ["msg"] = message.Text,
        ["type"] = message.Target,
        ["source"] = message.SourceOperatorId,
        ["seat1Id"] = message.SourceSeatId,
        ["time"] = Time(message.At),
        ["msgId"] = message.Id.ToString(CultureInfo.InvariantCulture),
    };
}
