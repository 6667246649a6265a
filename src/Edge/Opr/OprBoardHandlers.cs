using System.Text.Json.Nodes;
using CallCenter.Opr;

namespace CallCenter.Edge.Opr;

/// <summary>pickup_call, calla/callb, the board commands, board_switch, cross_board, transfer_opr, query_phone.</summary>
internal static class OprBoardHandlers
{
    public static async Task<JsonObject> PickupCallAsync(OprCall call)
    {
        var r = call.Request;
        var seatId = r.RequiredId("seatId");
        var board = r.RequiredBoard("boardIndex");
        r.OptionalId("operatorId");
        return OprReplies.From(await call.Seat(seatId).PickupCallAsync(board, r.Optional("userId")));
    }

    public static async Task<JsonObject> DialAsync(OprCall call, BoardSide side)
    {
        var r = call.Request;
        var seatId = r.RequiredId("seatId");
        var board = r.RequiredBoard("boardIndex");
        var phone = r.RequiredPhone("phone", "phoneNumber");
        return OprReplies.From(await call.Seat(seatId).DialAsync(board, side, phone));
    }

    public static async Task<JsonObject> ExecuteAsync(OprCall call, BoardOperation operation)
    {
        var r = call.Request;
        var seatId = r.RequiredId("seatId");
        var board = r.RequiredBoard("boardIndex");
        return OprReplies.From(await call.Seat(seatId).ExecuteAsync(board, operation));
    }

    public static async Task<JsonObject> BoardSwitchAsync(OprCall call)
    {
        var r = call.Request;
        var seatId = r.RequiredId("seatId");
        var current = r.RequiredBoard("curBoardIndex");
        var next = r.RequiredBoard("nextBoardIndex");
        return OprReplies.From(await call.Seat(seatId).SwitchBoardAsync(current, next));
    }

    public static async Task<JsonObject> CrossBoardAsync(OprCall call)
    {
        var r = call.Request;
        var seatId = r.RequiredId("seatId");
        var request = new CrossBoardRequest(r.RequiredBoard("curBoardIndex"), r.RequiredBoard("nextBoardIndex"), r.OptionalSide("side"), r.Optional("userId"));
        if (request.Side is null && request.UserId is null) throw OprFieldException.Missing("side");
        return OprReplies.From(await call.Seat(seatId).CrossBoardAsync(request));
    }

    public static async Task<JsonObject> TransferAsync(OprCall call)
    {
        var r = call.Request;
        var seatId = r.RequiredId("seatId");
        var request = new TransferRequest(r.RequiredBoard("boardIndex"), r.OptionalSide("side"), r.Optional("userId"), r.RequiredId("targetSeat"));
        if (request.Side is null && request.UserId is null) throw OprFieldException.Missing("side");
        return OprReplies.From(await call.Seat(seatId).TransferAsync(request));
    }

    public static async Task<JsonObject> QueryPhoneAsync(OprCall call)
    {
        var r = call.Request;
        var seatId = r.RequiredId("seatId");
        var board = r.RequiredBoard("boardIndex");
        var phone = r.RequiredPhone("phoneNumber", "phone");
        return OprReplies.From(await call.Seat(seatId).QueryPhoneAsync(board, phone, r.OptionalBool("isCall", false)));
    }
}
