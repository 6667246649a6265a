namespace CallCenter.Telephony.Simulated;

/// <summary>A prompt playing to a leg.</summary>
internal sealed class Playback(string prompt, bool mixed, bool loop)
{
    public string Prompt { get; } = prompt;
    public bool Mixed { get; } = mixed;
    public bool Loop { get; } = loop;
    public ScheduledWork? End { get; set; }
}
