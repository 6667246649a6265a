namespace CallCenter.Runtime.Outbound;

/// <summary>Section "OutboundRequests": the guard on HTTP requests made on a tenant's behalf (operator-console callbacks,
/// management webhooks). docs/security.md, "Outbound requests (SSRF)".</summary>
public sealed class OutboundRequestOptions
{
    public const string SectionName = "OutboundRequests";

    /// <summary>Let every tenant reach loopback addresses. For tests and the embedded demo, whose receivers run on the
    /// same machine; off by default and in production.</summary>
    public bool AllowLoopback { get; set; }

    /// <summary>Entries allowed for every tenant, on top of each tenant's own <c>outboundAllowList</c> (same forms).</summary>
    public List<string> AllowList { get; set; } = [];

    /// <summary>Redirects followed per request (each hop's connection is checked again); 0 follows none.</summary>
    public int MaxRedirects { get; set; } = 3;

    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
