namespace CallCenter.Opr;

/// <summary>An operator on the tenant's roster (has logged in at least once) and the seat group of their latest login,
/// which stays their group for group messages while they are logged out. Where they sit now is not here: the operator's
/// own grain owns that (<see cref="IOperatorGrain.GetSeatAsync"/>).</summary>
[GenerateSerializer, Immutable, Alias("opr.OperatorEntry")]
public sealed record OperatorEntry(string OperatorId, string? SeatGroupNo);
