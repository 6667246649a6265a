using System.Text.Json.Nodes;
using CallCenter.Opr;

namespace CallCenter.Edge.Opr;

/// <summary>
/// Operator-to-operator talk (席连): talk_to_opr, accept, reject, hangup_to_opr. Operators are named by operatorId (the
/// spec's request lines) or by their seats (the spec's curl example: seat1Id / seat2Id); finding where they sit is the
/// grains' (<see cref="IOperatorRequestsGrain"/>).
/// </summary>
internal static class OprTalkHandlers
{
    /// <summary>As the original, the caller's request is answered once the other operator accepted (ok) or rejected
    /// (failed, reason reject), or nobody answered (no_answer).</summary>
    public static async Task<JsonObject> TalkToOperatorAsync(OprCall call)
    {
        var caller = Named(call.Request, "operator1Id", "seat1Id") ?? throw OprFieldException.Missing("operator1Id");
        var callee = Named(call.Request, "operator2Id", "seat2Id") ?? throw OprFieldException.Missing("operator2Id");

        var talkId = Guid.NewGuid().ToString("N");
        var decisions = call.Http.RequestServices.GetRequiredService<OprTalkDecisions>();
        // Waiting before the request is made, so the decision cannot be missed.
        using var waiter = decisions.Wait(talkId);
        var result = await call.Operators.RequestTalkAsync(caller, callee, talkId, decisions.Reference);
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

    /// <summary>accept / reject, sent by the called operator (seat2Id / seatId, else operator2Id).</summary>
    public static async Task<JsonObject> AnswerAsync(OprCall call, bool accept)
    {
        var r = call.Request;
        var answering = r.OptionalId("seat2Id", "seatId") is { } seatId ? OperatorRef.AtSeat(seatId) : OperatorRef.ById(r.RequiredId("operator2Id"));
        return OprReplies.From(await call.Operators.AnswerTalkAsync(answering, Named(r, "operator1Id", "seat1Id"), accept));
    }

    /// <summary>hangup_to_opr from either operator (seatId, operator1Id / seat1Id, operator2Id / seat2Id); the seat of
    /// whichever side sent it ends the talk and the other side gets hangup_to_opr pushed.</summary>
    public static async Task<JsonObject> HangupAsync(OprCall call)
    {
        var r = call.Request;
        OperatorRef?[] named = [r.OptionalId("seatId") is { } seatId ? OperatorRef.AtSeat(seatId) : null, Named(r, "operator1Id", "seat1Id"), Named(r, "operator2Id", "seat2Id")];
        var sides = named.OfType<OperatorRef>().ToList();
        if (sides.Count == 0) throw OprFieldException.Missing("operator1Id");
        return OprReplies.From(await call.Operators.HangupTalkAsync(sides));
    }

    /// <summary>An operator named by the operator field, else by the seat field; null when neither is given.</summary>
    public static OperatorRef? Named(OprRequest request, string operatorField, string seatField)
        => request.OptionalId(operatorField) is { } operatorId ? OperatorRef.ById(operatorId)
            : request.OptionalId(seatField) is { } seatId ? OperatorRef.AtSeat(seatId)
            : null;
}
