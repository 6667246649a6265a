namespace CallCenter.Telephony;

/// <summary>Asks the switch to place a new leg.</summary>
/// <param name="LegId">Chosen by the caller (FreeSWITCH <c>origination_uuid</c>) so events can be routed before the
/// switch answers the command.</param>
/// <param name="CallId">The call this leg belongs to; several legs share one call id.</param>
/// <param name="Destination">Extension or PSTN number.</param>
/// <param name="CallerIdNumber">Shown to the called party.</param>
/// <param name="CallerIdName">Shown to the called party, if the endpoint supports names.</param>
/// <param name="RingTimeout">How long to ring before giving up with <c>NO_ANSWER</c>.</param>
/// <param name="Variables">Channel variables the control plane sets (see <see cref="ChannelVariables"/>); every event of
/// this leg carries them back.</param>
/// <param name="AutoAnswer">Ask the called phone to answer by itself (SIP <c>Call-Info: answer-after=0</c>): agents of
/// an automated campaign are already waiting for the next customer, and a phone that rings for seconds would leave the
/// answered customer in silence beyond the abandon window. Phones configured to refuse intercom calls ring as usual.</param>
[GenerateSerializer, Immutable, Alias("telephony.OriginateRequest")]
public sealed record OriginateRequest(
    string LegId,
    string CallId,
    Endpoint Destination,
    string CallerIdNumber,
    string? CallerIdName = null,
    TimeSpan? RingTimeout = null,
    IReadOnlyDictionary<string, string>? Variables = null,
    bool AutoAnswer = false);
