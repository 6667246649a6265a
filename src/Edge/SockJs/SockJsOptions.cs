namespace CallCenter.Edge.SockJs;

/// <summary>
/// Settings of the SockJS server (section "Edge:Stomp:SockJs"). The defaults are the SockJS protocol's own (25 s
/// heartbeat, 5 s disconnect delay, 128 KiB streaming response limit), so stock sockjs-client behaves as it would
/// against any other SockJS server.
/// </summary>
public sealed class SockJsOptions
{
    /// <summary>How often an idle receiving connection gets an "h" frame, so proxies and load balancers with idle
    /// timeouts keep it open.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(25);

    /// <summary>How long an HTTP session may have no receiving connection (between two polls, or after the client went
    /// away) before it is closed; also how long a closed session keeps answering its close frame.</summary>
    public TimeSpan DisconnectDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>An xhr_streaming response is ended after this many bytes, so the browser can free what it buffered;
    /// the client then opens the next one on the same session.</summary>
    public int StreamingResponseLimitBytes { get; set; } = 128 * 1024;

    /// <summary>Whether /info announces cookie_needed and the HTTP transports set a JSESSIONID cookie (some load
    /// balancers need it for sticky sessions).</summary>
    public bool CookieNeeded { get; set; }

    /// <summary>Largest single inbound payload: one xhr_send body or one websocket message.</summary>
    public int MaxInboundMessageBytes { get; set; } = 256 * 1024;

    /// <summary>Outbound queue bound per session, in messages. A client that falls this far behind is disconnected
    /// rather than allowed to make publishers wait or the server buffer without limit.</summary>
    public int MaxQueuedMessages { get; set; } = 1024;

    /// <summary>Outbound queue bound per session, in UTF-16 characters of queued messages (about bytes for JSON).</summary>
    public int MaxQueuedChars { get; set; } = 4 * 1024 * 1024;

    /// <summary>Most HTTP-transport sessions alive at once on this edge; further new sessions get 503.</summary>
    public int MaxSessions { get; set; } = 10_000;

    /// <summary>Origins allowed to use the endpoint from a browser, e.g. "https://crm.example.com"; empty (the default)
    /// or "*" allows any. Requests without an Origin header (non-browser clients) are always allowed. (Empty rather than
    /// ["*"] by default because configuration binding appends to a list's initial items instead of replacing them.)</summary>
    public List<string> AllowedOrigins { get; set; } = [];

    /// <summary>Sessions are bound to the client address that created them, so a leaked session id cannot be used from
    /// elsewhere; turn off only behind proxies that spread one client over several addresses without forwarding
    /// headers.</summary>
    public bool BindSessionToRemoteAddress { get; set; } = true;
}
