namespace CallCenter.Telephony.Simulated;

/// <summary>What an inbound traffic stream has produced so far.</summary>
/// <param name="Arrivals">Callers that dialled, including blocked ones.</param>
/// <param name="Blocked">Callers refused by the network (gateway down or at its channel limit) before a leg existed.</param>
/// <param name="Abandoned">Callers who hung up before ever being connected to anyone.</param>
/// <param name="Connected">Callers who were bridged or conferenced at least once.</param>
/// <param name="Waiting">Callers whose legs are up now.</param>
public sealed record InboundTrafficStats(string Name, long Arrivals, long Blocked, long Abandoned, long Connected, int Waiting);
