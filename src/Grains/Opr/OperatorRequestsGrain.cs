using CallCenter.Opr;
using CallCenter.Tenancy;

namespace CallCenter.Grains.Opr;

/// <summary>
/// Finds the seats of the operators a request names and hands the request on. Where an operator sits is the operator
/// grain's to say; the seat named there must also run that operator's session (it always does, except after a crash
/// between the operator grain's grant and the seat's own write), else the operator counts as not logged in.
/// </summary>
/// <remarks>A stateless worker: nothing to keep, so any silo may answer a tenant's requests locally and in parallel.</remarks>
[StatelessWorker]
[GrainType("opr-operator-requests")]
public sealed class OperatorRequestsGrain : Grain, IOperatorRequestsGrain
{
    private string TenantId => TenantIds.Split(this.GetPrimaryKeyString()).TenantId;

    private ISeatGrain Seat(string seatId) => GrainFactory.GetGrain<ISeatGrain>(OprKeys.Seat(TenantId, seatId));

    public async Task<OprResult> RequestTalkAsync(OperatorRef caller, OperatorRef callee, string talkId, ITalkDecisionObserver replyTo)
    {
        var from = await FindAsync(caller);
        var to = await FindAsync(callee);
        if (from is null) return OprResult.Failed(OprReasons.NotLogined);
        if (to is null) return OprResult.Failed(OprReasons.Operator2NotLogined);
        return await Seat(from.SeatId).RequestTalkAsync(new TalkRequest(talkId, to.SeatId, to.OperatorId!, replyTo));
    }

    public async Task<OprResult> AnswerTalkAsync(OperatorRef answering, OperatorRef? caller, bool accept)
    {
        // Named by seat, the seat answers for itself (not_logined if nobody is there).
        var seatId = answering.SeatId ?? (await FindAsync(answering))?.SeatId;
        if (seatId is null) return OprResult.Failed(OprReasons.NotLogined);
        var callerId = caller is null ? null : caller.OperatorId ?? (await Seat(caller.SeatId!).GetInfoAsync())?.OperatorId;
        return await Seat(seatId).AnswerTalkAsync(callerId, accept);
    }

    public async Task<OprResult> HangupTalkAsync(IReadOnlyList<OperatorRef> sides)
    {
        var seats = new List<string>();
        foreach (var side in sides)
        {
            // A seat named as such answers for itself (not_logined, no_talk); an operator is looked for.
            var seatId = side.OperatorId is null ? side.SeatId : (await FindAsync(side))?.SeatId;
            if (seatId is not null && !seats.Contains(seatId)) seats.Add(seatId);
        }
        OprResult result = OprResult.Failed(OprReasons.NotLogined);
        foreach (var seatId in seats)
        {
            result = await Seat(seatId).HangupTalkAsync();
            if (result.Ok) break;
        }
        return result;
    }

    public async Task<ChatResult> SendMessageAsync(OperatorRef source, string? target, string? targetSeatId, string text)
    {
        if (await FindAsync(source) is not { } from) return new ChatResult(false, OprReasons.NotLogined, null);
        if (target is null)
        {
            target = targetSeatId is null ? null : (await Seat(targetSeatId).GetInfoAsync())?.OperatorId;
            if (target is null) return new ChatResult(false, OprReasons.Operator2NotLogined, null);
        }
        return await GrainFactory.GetGrain<IOprMessageHubGrain>(OprKeys.MessageHub(TenantId))
            .SendAsync(new ChatRequest(from.OperatorId!, from.SeatId, from.SeatGroupNo, target, text));
    }

    /// <summary>The seat the operator is logged in at, with its session's operator; null if not logged in.</summary>
    private async Task<SeatInfo?> FindAsync(OperatorRef who)
    {
        var seatId = who.OperatorId is { } operatorId
            ? await GrainFactory.GetGrain<IOperatorGrain>(OprKeys.Operator(TenantId, operatorId)).GetSeatAsync()
            : who.SeatId;
        if (seatId is null) return null;
        var seat = await Seat(seatId).GetInfoAsync();
        return seat?.OperatorId is { } sitting && (who.OperatorId is null || who.OperatorId == sitting) ? seat : null;
    }
}
