namespace CallCenter.Telephony.Simulated;

/// <summary>A running stream of inbound callers and its counters.</summary>
internal sealed class InboundTraffic(InboundTrafficOptions options)
{
    public InboundTrafficOptions Options { get; } = options;
    public ScheduledWork? NextArrival { get; set; }
    public bool Stopped { get; set; }
    public long Arrivals { get; set; }
    public long Blocked { get; set; }
    public long Abandoned { get; set; }
    public long Connected { get; set; }
    public int Waiting { get; set; }

    public InboundTrafficStats ToStats() => new(Options.Name, Arrivals, Blocked, Abandoned, Connected, Waiting);
}
