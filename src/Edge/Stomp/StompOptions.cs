using CallCenter.Edge.SockJs;

namespace CallCenter.Edge.Stomp;

/// <summary>Settings of the STOMP endpoint at /callcenter/ws (section "Edge:Stomp").</summary>
public sealed class StompOptions
{
    public const string SectionName = "Edge:Stomp";

    /// <summary>Where the SockJS endpoint lives; fixed by the management API spec.</summary>
    public const string Path = "/callcenter/ws";

    /// <summary>
    /// The tenant of sessions that no authenticator claims: such a session is accepted as anonymous if this tenant allows
    /// anonymous STOMP (<c>TenantSettings.AllowAnonymousStomp</c>), else refused with "authentication required". Empty on
    /// a shared production listener ("demo" in the embedded run).
    /// </summary>
    public string? DefaultTenant { get; set; }

    /// <summary>The server's "sx" of "heart-beat: sx,sy": how often it can send heart-beats. Zero disables.</summary>
    public TimeSpan HeartbeatSend { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The server's "sy": how often it wants to hear from the client. Zero disables.</summary>
    public TimeSpan HeartbeatReceive { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>A client silent for this many negotiated receive intervals is considered gone (network delays and
    /// timer jitter make exactly one interval too strict).</summary>
    public double HeartbeatTolerance { get; set; } = 2.0;

    /// <summary>A connection that has not sent CONNECT within this time is closed.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Largest frame a client may send: command, headers and body.</summary>
    public int MaxFrameBytes { get; set; } = 64 * 1024;

    /// <summary>Most headers in one client frame.</summary>
    public int MaxHeaders { get; set; } = 64;

    public int MaxSubscriptionsPerSession { get; set; } = 256;

    /// <summary>Most transactions a session may have open at once, and SEND frames buffered in one.</summary>
    public int MaxOpenTransactions { get; set; } = 8;

    public int MaxTransactionFrames { get; set; } = 64;

    /// <summary>
    /// Whether a client's SEND to a broker destination (/topic/..., /queue/...) is relayed to that tenant's subscribers, as
    /// the original Spring broker did. Off by default: it would let any session forge pushes (e.g. a fake incoming call)
    /// to other users of its tenant, and no documented client relies on it. Off, such a SEND is an ERROR.
    /// </summary>
    public bool RelayClientSends { get; set; }

    /// <summary>Publications kept per destination so a reconnecting client can resume (SUBSCRIBE with resume-epoch and
    /// resume-after); zero disables resuming.</summary>
    public int ResumeHistorySize { get; set; } = 16;

    /// <summary>How long kept publications stay resumable, and how long a destination nobody subscribes to keeps them.</summary>
    public TimeSpan ResumeRetention { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>The SockJS transport settings (section "Edge:Stomp:SockJs"): transport heartbeats, session timeout,
    /// outbound queue bounds (the slow-consumer limit), allowed origins.</summary>
    public SockJsOptions SockJs { get; set; } = new();
}
