namespace CallCenter.Grains.Dialer.Inbound;

/// <summary>Inbound tasks (section "Dialer:Inbound").</summary>
public sealed class InboundOptions
{
    public const string SectionName = "Dialer:Inbound";

    /// <summary>Played in a loop while a caller waits (music on hold).</summary>
    public string HoldMusic { get; set; } = "dialer/queue-music.wav";

    /// <summary>Played to callers of a paused task before they are released.</summary>
    public string ClosedPrompt { get; set; } = "dialer/closed.wav";

    /// <summary>How long a caller may wait for an agent when the task does not say (<c>queueTimeout</c>).</summary>
    public TimeSpan DefaultQueueTimeout { get; set; } = TimeSpan.FromSeconds(60);
}
