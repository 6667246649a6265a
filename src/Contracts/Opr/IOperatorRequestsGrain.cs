namespace CallCenter.Opr;

/// <summary>
/// The console's requests that name operators rather than seats (talk_to_opr, accept, reject, hangup_to_opr, message):
/// finds where each named operator sits and hands the request to that seat (or to the message hub), so the edge makes one
/// call per request and never resolves operators itself. Key: <see cref="OprKeys.OperatorRequests"/>.
/// </summary>
/// <remarks>A stateless worker that holds nothing. Only the edge calls it, so waiting on seats, operators and the hub
/// closes no cycle (the operators' grains, which seats wait on, never wait on seats).</remarks>
[Alias("opr.IOperatorRequestsGrain")]
public interface IOperatorRequestsGrain : IGrainWithStringKey
{
    /// <summary>talk_to_opr from <paramref name="caller"/> to <paramref name="callee"/>; the decision goes to
    /// <paramref name="replyTo"/>. Fails <c>not_logined</c> / <c>operator2_not_logined</c> before anything changes.</summary>
    Task<OprResult> RequestTalkAsync(OperatorRef caller, OperatorRef callee, string talkId, ITalkDecisionObserver replyTo);

    /// <summary>accept / reject by <paramref name="answering"/> (named by seat: that seat answers, whoever sits there);
    /// <paramref name="caller"/>, if given, must be the talk's other side.</summary>
    Task<OprResult> AnswerTalkAsync(OperatorRef answering, OperatorRef? caller, bool accept);

    /// <summary>hangup_to_opr: ended by the seat of whichever of <paramref name="sides"/> is in a talk.</summary>
    Task<OprResult> HangupTalkAsync(IReadOnlyList<OperatorRef> sides);

    /// <summary>message from <paramref name="source"/> to <paramref name="target"/> (an operatorId, <c>group</c> or
    /// <c>all</c>) or, without a target, to the operator logged in at <paramref name="targetSeatId"/>.</summary>
    Task<ChatResult> SendMessageAsync(OperatorRef source, string? target, string? targetSeatId, string text);
}
