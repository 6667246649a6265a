using System.Text.Json.Serialization;

namespace CallCenter.Opr.Pushes;

/// <summary>
/// A domain event for one operator client: the edge turns each into the wire push the original server sent
/// (<c>boardStateChange</c>, <c>call_broadcast</c>, ...), delivered by websocket and HTTP callback.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "$push")]
[JsonDerivedType(typeof(BoardStateChanged), "board-state")]
[JsonDerivedType(typeof(CallsOffered), "calls-offered")]
[JsonDerivedType(typeof(PartyTransferred), "party-transferred")]
[JsonDerivedType(typeof(TalkRequested), "talk-requested")]
[JsonDerivedType(typeof(TalkEnded), "talk-ended")]
[JsonDerivedType(typeof(MessageArrived), "message-arrived")]
[JsonDerivedType(typeof(UserStateChanged), "user-state")]
[GenerateSerializer, Immutable, Alias("opr.pushes.OprPush")]
public abstract record OprPush;

/// <summary>Something changed on one of the seat's boards (or its handset / service state): the whole board state.</summary>
[GenerateSerializer, Immutable, Alias("opr.pushes.BoardStateChanged")]
public sealed record BoardStateChanged(string SeatId, int ChangedBoardIndex, SeatBoardState BoardState) : OprPush;

/// <summary>The calls now waiting at the seat's group (call_broadcast); a call missing from the list was withdrawn
/// (picked up elsewhere, abandoned or overflowed).</summary>
[GenerateSerializer, Immutable, Alias("opr.pushes.CallsOffered")]
public sealed record CallsOffered(string SeatGroupNo, IReadOnlyList<OfferedCall> Calls) : OprPush;

/// <summary>Another seat handed a party to this seat, which put it on <paramref name="BoardIndex"/> (push_transfer_to_opr).</summary>
[GenerateSerializer, Immutable, Alias("opr.pushes.PartyTransferred")]
public sealed record PartyTransferred(string FromSeatId, string ToSeatId, string UserId, string Phone, int BoardIndex) : OprPush;

/// <summary>An operator wants to talk to this seat's operator (talk_to_opr, to be accepted or rejected).</summary>
[GenerateSerializer, Immutable, Alias("opr.pushes.TalkRequested")]
public sealed record TalkRequested(string TalkId, string Operator1Id, string Operator2Id, string Seat1Id, string Seat2Id) : OprPush;

/// <summary>The other operator hung up an operator-to-operator talk (or it was cancelled) (hangup_to_opr).</summary>
[GenerateSerializer, Immutable, Alias("opr.pushes.TalkEnded")]
public sealed record TalkEnded(string TalkId, string Operator1Id, string Operator2Id, string ByOperatorId) : OprPush;

/// <summary>A chat message for this seat's operator (message_arrival).</summary>
[GenerateSerializer, Immutable, Alias("opr.pushes.MessageArrived")]
public sealed record MessageArrived(ChatMessage Message, string RecipientOperatorId) : OprPush;

/// <summary>A number this seat's operator subscribed to changed state (userstate_change).</summary>
[GenerateSerializer, Immutable, Alias("opr.pushes.UserStateChanged")]
public sealed record UserStateChanged(string SeatId, string OperatorId, string PhoneNumber, string UserState, DateTimeOffset At) : OprPush;

/// <summary>A push with its place in the seat's sequence: 1, 2, 3... per seat, never reused, so a reconnecting client
/// resumes after the last number it saw.</summary>
[GenerateSerializer, Immutable, Alias("opr.pushes.SequencedPush")]
public sealed record SequencedPush(long Seq, DateTimeOffset At, OprPush Push);
