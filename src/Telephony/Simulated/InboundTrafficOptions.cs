namespace CallCenter.Telephony.Simulated;

/// <summary>A stream of callers dialling one of the tenant's numbers (a DID on a gateway): arrivals are a Poisson process
/// at <see cref="CallsPerHour"/>; each caller behaves per <see cref="Profile"/> (patience while waiting, talk time,
/// digits).</summary>
public sealed class InboundTrafficOptions
{
    /// <summary>Identifies the stream for <see cref="ISimulatedNetwork.StopInboundTraffic"/> and statistics.</summary>
    public string Name { get; set; } = "";

    /// <summary>The number dialled (the leg's destination number).</summary>
    public string Number { get; set; } = "";

    /// <summary>The gateway the calls arrive on; it must be provisioned and up, and its channel limit applies.</summary>
    public string Gateway { get; set; } = "";

    public double CallsPerHour { get; set; } = 60;

    /// <summary>Caller numbers are this prefix followed by random digits up to <see cref="CallerNumberLength"/>.</summary>
    public string CallerNumberPrefix { get; set; } = "1555";

    public int CallerNumberLength { get; set; } = 10;

    /// <summary>The callers' behaviour; null: the gateway's profile.</summary>
    public string? Profile { get; set; }
}
