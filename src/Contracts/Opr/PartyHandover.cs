namespace CallCenter.Opr;

/// <summary>A party leg moving from one seat to another (transfer_opr). The leg's owner variables already name the
/// receiving seat when this is sent, so the leg's events follow it.</summary>
[GenerateSerializer, Immutable, Alias("opr.PartyHandover")]
public sealed record PartyHandover(
    string FromSeatId,
    string? FromOperatorId,
    string LegId,
    string CallId,
    string Phone,
    TalkStatus? TalkStatus,
    DateTimeOffset? StartTime);
