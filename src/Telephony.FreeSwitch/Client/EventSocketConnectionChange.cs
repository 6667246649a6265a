namespace CallCenter.Telephony.FreeSwitch;

/// <summary>The event-socket connection came up (<see cref="Reconnected"/> when it is not the first) or went down.</summary>
public sealed record EventSocketConnectionChange(bool Connected, bool Reconnected, string Reason);
