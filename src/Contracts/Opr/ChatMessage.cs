namespace CallCenter.Opr;

/// <summary>One chat message between operators, as kept in the history.</summary>
/// <param name="Target">The addressee as sent: an operatorId, <c>group</c> (the sender's seat group) or <c>all</c>.</param>
/// <param name="SeatGroupNo">The sender's group when the message went to <c>group</c>.</param>
[GenerateSerializer, Immutable, Alias("opr.ChatMessage")]
public sealed record ChatMessage(
    long Id,
    string SourceOperatorId,
    string? SourceSeatId,
    string Target,
    string? SeatGroupNo,
    string Text,
    DateTimeOffset At);

/// <summary>A message to send (the wire's <c>message</c>) from an operator logged in at <paramref name="SourceSeatId"/>,
/// a seat of <paramref name="SourceSeatGroupNo"/>.</summary>
[GenerateSerializer, Immutable, Alias("opr.ChatRequest")]
public sealed record ChatRequest(string SourceOperatorId, string SourceSeatId, string? SourceSeatGroupNo, string Target, string Text);

/// <summary>Whether a message was accepted (it is then in the history and delivered or queued for every addressee).</summary>
[GenerateSerializer, Immutable, Alias("opr.ChatResult")]
public sealed record ChatResult(bool Ok, string? Reason, ChatMessage? Message);
