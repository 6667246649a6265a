namespace CallCenter.Grains.Management.Events;

/// <summary>Section "Management:EventLog": the per-tenant durable event log behind the gRPC event stream.</summary>
public sealed class EventLogOptions
{
    public const string SectionName = "Management:EventLog";

    /// <summary>Off: events reach the edges' STOMP pushes and webhooks only, and gRPC Subscribe has nothing to replay.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Events per stored segment. Fixed for a tenant's log once it has one (the first value is kept in its state).</summary>
    public int SegmentSize { get; set; } = 256;

    /// <summary>A segment whose newest event is older than this is dropped (checked whenever a segment fills).</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromHours(24);

    /// <summary>At most this many events are kept (rounded up to whole segments).</summary>
    public int MaxEvents { get; set; } = 100_000;

    /// <summary>An edge that has not renewed its subscription for this long is dropped (edges renew every minute).</summary>
    public TimeSpan SubscriptionExpiry { get; set; } = TimeSpan.FromMinutes(3);
}
