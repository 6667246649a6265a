namespace CallCenter.Telephony.Simulated;

/// <summary>One direction of audio: <see cref="ListenerLegId"/> hears <see cref="SpeakerLegId"/>.</summary>
public sealed record AudioPath(string ListenerLegId, string SpeakerLegId);
