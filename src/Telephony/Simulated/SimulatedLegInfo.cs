namespace CallCenter.Telephony.Simulated;

/// <summary>What the network knows about a live leg, for tests and the demo's network page (more than
/// <see cref="LiveLeg"/>, which is what a real switch can tell).</summary>
/// <param name="FarEnd">"extension" or "pstn".</param>
/// <param name="WireNumber">What went out on the wire, e.g. the dial prefix plus the number, or user/EXT@DOMAIN.</param>
/// <param name="EavesdropTargetLegId">The leg this one listens to, whispers to or barges into.</param>
/// <param name="EavesdropMode">"Listen", "Whisper", "Barge" or "ThreeWay".</param>
public sealed record SimulatedLegInfo(
    string LegId,
    string? CallId,
    LegDirection Direction,
    string FarEnd,
    string CallerIdNumber,
    string DestinationNumber,
    string WireNumber,
    string? Gateway,
    string? Domain,
    LegState State,
    string? BridgedTo,
    string? Conference,
    string? EavesdropTargetLegId,
    string? EavesdropMode,
    string? Playing,
    bool CollectingDigits,
    IReadOnlyList<string> Recordings,
    DateTimeOffset CreatedAt,
    DateTimeOffset? AnsweredAt,
    IReadOnlyDictionary<string, string> Variables);
