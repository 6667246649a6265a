namespace CallCenter.Opr;

/// <summary>A seat group (seatgroup_config): its public number and what happens to calls nobody picks up.</summary>
/// <param name="SeatGroupNo">The group's id.</param>
/// <param name="GroupPhone">The number callers dial; the group claims it so its inbound calls are offered to its seats.</param>
/// <param name="OfferTimeoutSeconds">How long a call is offered before it overflows; null: the configured default
/// (<c>Opr:OfferTimeout</c>), which may be none.</param>
/// <param name="OverflowGroupNo">Another group of the tenant that gets calls nobody picked up in time.</param>
/// <param name="OverflowPhone">A number (extension or PSTN) calls go to on timeout when there is no overflow group; with
/// neither, the call is released with NO_ANSWER.</param>
[GenerateSerializer, Immutable, Alias("opr.SeatGroupConfig")]
public sealed record SeatGroupConfig(
    string SeatGroupNo,
    string GroupPhone,
    int? OfferTimeoutSeconds = null,
    string? OverflowGroupNo = null,
    string? OverflowPhone = null);
