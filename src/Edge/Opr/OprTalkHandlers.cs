using System.Text.Json.Nodes;
using CallCenter.Opr;

namespace CallCenter.Edge.Opr;

/// <summary>
/// Operator-to-operator talk (席连): talk_to_opr, accept, reject, hangup_to_opr. Operators are named by operatorId (the
/// spec's request lines) or by their seats (the spec's curl example: seat1Id / seat2Id).
/// </summary>
internal static class OprTalkHandlers
{
    /// <summary>As the original, the caller's request is answered once the other operator accepted (ok) or rejected
    /// (failed, reason reject), or nobody answered (no_answer).</summary>
    public static async Task<JsonObject> TalkToOperatorAsync(OprCall call)
    {
        var caller = await ResolveAsync(call, "operator1Id", "seat1Id", OprReasons.NotLogined);
        var callee = await ResolveAsync(call, "operator2Id", "seat2Id", OprReasons.Operator2NotLogined);
        if (caller.Failure is { } f1) return OprReplies.Failed(f1);
        if (callee.Failure is { } f2) return OprReplies.Failed(f2);

        var talkId = Guid.NewGuid().ToString("N");
        var decisions = call.Http.RequestServices.GetRequiredService<OprTalkDecisions>();
        // Waiting before the request is made, so the decision cannot be missed.
        using var waiter = decisions.Wait(talkId);
        var result = await call.Seat(caller.SeatId!).RequestTalkAsync(new TalkRequest(talkId, callee.SeatId!, callee.OperatorId!, decisions.Reference));
        if (!result.Ok) return OprReplies.Failed(result.Reason!);
        var clock = call.Http.RequestServices.GetRequiredService<TimeProvider>();
        TalkDecision outcome;
        try
        {
            outcome = await waiter.Decided.WaitAsync(call.Options.TalkDecisionTimeout, clock, call.Http.RequestAborted);
        }
        catch (TimeoutException)
        {
            return OprReplies.Failed(OprReasons.NoAnswer);
        }
        return outcome.Accepted ? OprReplies.Ok() : OprReplies.Failed(outcome.Reason ?? OprReasons.Reject);
    }

    /// <summary>accept / reject, sent by the called operator (operator2Id, or seat2Id / seatId).</summary>
    public static async Task<JsonObject> AnswerAsync(OprCall call, bool accept)
    {
        var r = call.Request;
        var seatId = r.OptionalId("seat2Id", "seatId");
        if (seatId is null)
        {
            var operatorId = r.RequiredId("operator2Id");
            seatId = (await call.Directory.GetOperatorAsync(operatorId))?.SeatId;
            if (seatId is null) return OprReplies.Failed(OprReasons.NotLogined);
        }
        var from = r.OptionalId("operator1Id");
        if (from is null && r.OptionalId("seat1Id") is { } seat1) from = (await call.Directory.GetOperatorAtSeatAsync(seat1))?.OperatorId;
        return OprReplies.From(await call.Seat(seatId).AnswerTalkAsync(from, accept));
    }

    /// <summary>hangup_to_opr from either operator; the seat of whichever side sent it ends the talk and the other side
    /// gets hangup_to_opr pushed.</summary>
    public static async Task<JsonObject> HangupAsync(OprCall call)
    {
        var candidates = new List<string>();
        if (call.Request.OptionalId("seatId") is { } seatId) candidates.Add(seatId);
        foreach (var (operatorField, seatField) in new[] { ("operator1Id", "seat1Id"), ("operator2Id", "seat2Id") })
        {
            var side = await ResolveAsync(call, operatorField, seatField, OprReasons.NotLogined, required: false);
            if (side.SeatId is { } s) candidates.Add(s);
        }
        if (candidates.Count == 0)
        {
            if (!call.Request.Has("operator1Id") && !call.Request.Has("seat1Id") && !call.Request.Has("seatId")) throw OprFieldException.Missing("operator1Id");
            return OprReplies.Failed(OprReasons.NotLogined);
        }
        OprResult? last = null;
        foreach (var candidate in candidates.Distinct())
        {
            last = await call.Seat(candidate).HangupTalkAsync();
            if (last.Ok) return OprReplies.From(last);
        }
        return OprReplies.From(last!);
    }

    private sealed record Party(string? SeatId, string? OperatorId, string? Failure);

    /// <summary>An operator and their seat, from the operator id or the seat id.</summary>
    private static async Task<Party> ResolveAsync(OprCall call, string operatorField, string seatField, string notLogined, bool required = true)
    {
        var r = call.Request;
        if (r.OptionalId(operatorField) is { } operatorId)
        {
            var entry = await call.Directory.GetOperatorAsync(operatorId);
            return entry?.SeatId is { } seat ? new Party(seat, operatorId, null) : new Party(null, operatorId, notLogined);
        }
        if (r.OptionalId(seatField) is { } seatId)
        {
            var entry = await call.Directory.GetOperatorAtSeatAsync(seatId);
            return entry is null ? new Party(null, null, notLogined) : new Party(seatId, entry.OperatorId, null);
        }
        if (required) throw OprFieldException.Missing(operatorField);
        return new Party(null, null, notLogined);
    }
}
