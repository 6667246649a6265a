namespace CallCenter.Telephony;

/// <summary>A leg the switch still has, as listed after a reconnect or a control-plane restart so that calls in progress
/// are re-attached rather than lost.</summary>
[GenerateSerializer, Immutable, Alias("telephony.LiveLeg")]
public sealed record LiveLeg(
    string LegId,
    string? CallId,
    LegDirection Direction,
    string CallerIdNumber,
    string DestinationNumber,
    LegState State,
    string? BridgedTo,
    DateTimeOffset CreatedAt,
    DateTimeOffset? AnsweredAt,
    IReadOnlyDictionary<string, string> Variables);

[GenerateSerializer, Alias("telephony.LegDirection")]
public enum LegDirection { Inbound, Outbound }

[GenerateSerializer, Alias("telephony.LegState")]
public enum LegState { Ringing, EarlyMedia, Answered, Held, Hungup }
