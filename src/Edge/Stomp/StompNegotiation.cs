namespace CallCenter.Edge.Stomp;

/// <summary>The CONNECT negotiations: protocol version and heart-beats (STOMP 1.2, "Protocol Negotiation" and
/// "Heart-beating").</summary>
internal static class StompNegotiation
{
    /// <summary>Versions served, newest first; also the ERROR "version" header when none matches.</summary>
    public static readonly string[] Supported = ["1.2", "1.1", "1.0"];

    /// <summary>
    /// The newest version both sides speak. No accept-version header means a 1.0 client. 1.1 and 1.0 stay supported
    /// because the original server's browser clients (stomp.js 2.x) offer "1.1,1.0".
    /// </summary>
    public static string? NegotiateVersion(string? acceptVersion)
    {
        if (acceptVersion is null) return "1.0";
        var offered = acceptVersion.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        return Supported.FirstOrDefault(v => offered.Contains(v, StringComparer.Ordinal));
    }

    public static StompHeaderEscaping EscapingFor(string version) => version switch
    {
        "1.2" => StompHeaderEscaping.Stomp12,
        "1.1" => StompHeaderEscaping.Stomp11,
        _ => StompHeaderEscaping.None,
    };

    /// <summary>Parses "cx,cy" (milliseconds); absent means "0,0".</summary>
    public static bool TryParseHeartBeat(string? value, out long canSend, out long wantsToReceive)
    {
        canSend = wantsToReceive = 0;
        if (value is null) return true;
        var parts = value.Split(',');
        return parts.Length == 2
            && long.TryParse(parts[0].Trim(), System.Globalization.NumberStyles.None, null, out canSend)
            && long.TryParse(parts[1].Trim(), System.Globalization.NumberStyles.None, null, out wantsToReceive);
    }

    /// <summary>
    /// Combines the client's "cx,cy" with the server's "sx,sy": the server sends every max(sx, cy) if both are non-zero,
    /// and expects something from the client every max(cx, sy) if both are non-zero. Zero means "never".
    /// </summary>
    public static (TimeSpan Send, TimeSpan Expect) HeartBeats(long clientCanSend, long clientWantsToReceive, TimeSpan serverCanSend, TimeSpan serverWantsToReceive)
    {
        var sx = (long)serverCanSend.TotalMilliseconds;
        var sy = (long)serverWantsToReceive.TotalMilliseconds;
        var send = sx > 0 && clientWantsToReceive > 0 ? TimeSpan.FromMilliseconds(Math.Max(sx, clientWantsToReceive)) : TimeSpan.Zero;
        var expect = clientCanSend > 0 && sy > 0 ? TimeSpan.FromMilliseconds(Math.Max(clientCanSend, sy)) : TimeSpan.Zero;
        return (send, expect);
    }

    /// <summary>The server's "sx,sy" for the CONNECTED frame.</summary>
    public static string ServerHeartBeat(TimeSpan serverCanSend, TimeSpan serverWantsToReceive)
        => $"{(long)serverCanSend.TotalMilliseconds},{(long)serverWantsToReceive.TotalMilliseconds}";
}
