namespace CallCenter.Opr;

/// <summary>An operator the tenant knows (has logged in at least once), where they are now and their seat group.</summary>
[GenerateSerializer, Immutable, Alias("opr.OperatorEntry")]
public sealed record OperatorEntry(string OperatorId, string? SeatId, string? SeatGroupNo);
