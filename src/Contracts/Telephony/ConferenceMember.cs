namespace CallCenter.Telephony;

/// <summary>One member of a switch conference as the switch lists it.</summary>
[GenerateSerializer, Immutable, Alias("telephony.ConferenceMember")]
public sealed record ConferenceMember(string LegId, string MemberId, bool Muted, bool Moderator, DateTimeOffset JoinedAt);
