namespace CallCenter.Opr;

/// <summary>A call to a seat group's phone that waits for an operator (one entry of <c>call_broadcast</c>).</summary>
/// <param name="UserId">The caller's leg id (opaque to clients).</param>
/// <param name="PhoneNumber">The caller's number.</param>
/// <param name="CallTime">When the call arrived (switch time).</param>
[GenerateSerializer, Immutable, Alias("opr.OfferedCall")]
public sealed record OfferedCall(string UserId, string PhoneNumber, DateTimeOffset CallTime);
