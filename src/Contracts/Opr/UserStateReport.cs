namespace CallCenter.Opr;

/// <summary>A seat saw a number's call state change on one of its boards.</summary>
/// <param name="UserState">Wire value: calling, ring, busy, hook_off, or hook_on when the party left the board.</param>
[GenerateSerializer, Immutable, Alias("opr.UserStateReport")]
public sealed record UserStateReport(string PhoneNumber, string UserState, DateTimeOffset At);
