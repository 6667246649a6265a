namespace CallCenter.Opr;

/// <summary>talk_to_opr from the calling operator's seat: call the operator at <paramref name="TargetSeatId"/>.</summary>
/// <param name="ReplyTo">Where the decision goes (the edge holding the caller's request open); kept in memory only, so a
/// seat that restarts before the decision leaves the request to time out as not answered.</param>
[GenerateSerializer, Immutable, Alias("opr.TalkRequest")]
public sealed record TalkRequest(string TalkId, string TargetSeatId, string TargetOperatorId, ITalkDecisionObserver? ReplyTo = null);

/// <summary>Sent to the called operator's seat: someone wants to talk.</summary>
/// <param name="Conference">The switch conference both handsets join when the talk is accepted.</param>
[GenerateSerializer, Immutable, Alias("opr.TalkOffer")]
public sealed record TalkOffer(string TalkId, string FromSeatId, string FromOperatorId, string ToOperatorId, string Conference);

/// <summary>The called seat's answer to a <see cref="TalkOffer"/>.</summary>
[GenerateSerializer, Immutable, Alias("opr.TalkAnswer")]
public sealed record TalkAnswer(string TalkId, bool Accepted, string? Reason = null);

/// <summary>Sent to the request's <see cref="TalkRequest.ReplyTo"/> once the talk is accepted, rejected or not answered, so the edge can answer the caller's talk_to_opr as the original did: ok, or failed with a reason.</summary>
[GenerateSerializer, Immutable, Alias("opr.TalkDecision")]
public sealed record TalkDecision(string TalkId, bool Accepted, string? Reason);
