using CallCenter.Calls;

namespace CallCenter.Opr;

/// <summary>
/// A seat group (话务台组). Key: <see cref="OprKeys.SeatGroup"/>. Claims its group phone, adopts the inbound calls to it,
/// offers them to every logged-in seat of the group (call_broadcast) until a seat picks one up, the caller hangs up or the
/// offer times out and overflows. Owns the offered legs until a seat claims them.
/// </summary>
[Alias("opr.ISeatGroupGrain")]
public interface ISeatGroupGrain : ISwitchEventSink
{
    /// <summary>seatgroup_config: creates or changes the group and claims its phone number.</summary>
    Task<OprResult> ConfigureAsync(SeatGroupConfig config);

    Task<SeatGroupConfig?> GetConfigAsync();

    /// <summary>A seat of the group logged in: it gets call_broadcast pushes from now on.</summary>
    /// <returns>The calls offered now, so the seat can show them at once.</returns>
    Task<IReadOnlyList<OfferedCall>> SeatLoggedInAsync(string seatId);

    Task SeatLoggedOutAsync(string seatId);

    /// <summary>pickup_call: hands one offered call (the given one, or the longest waiting) to a seat. The leg's owner
    /// variables are rewritten to <paramref name="claim"/>'s owner before this returns.</summary>
    /// <returns>The call, or null when nothing (or not that call) is offered any more.</returns>
    Task<OfferedCall?> ClaimCallAsync(CallClaim claim);

    /// <summary>Another group's call overflowed here; its leg's owner variables already name this group.</summary>
    [OneWay]
    Task AcceptOverflowAsync(OfferedCall call);
}

/// <summary>A seat taking an offered call.</summary>
/// <param name="Variables">Owner and board variables to put on the leg.</param>
[GenerateSerializer, Immutable, Alias("opr.CallClaim")]
public sealed record CallClaim(string SeatId, string? UserId, IReadOnlyDictionary<string, string> Variables);
