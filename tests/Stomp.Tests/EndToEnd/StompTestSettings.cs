using CallCenter.Stomp.Tests.Support;

namespace CallCenter.Stomp.Tests.EndToEnd;

/// <summary>Configuration of the servers the end-to-end tests start, and the accounts they know.</summary>
internal static class StompTestSettings
{
    /// <summary>As the embedded run: the demo tenant is the listener's default and allows anonymous STOMP.</summary>
    public static Dictionary<string, string?> Default() => new()
    {
        ["Edge:Stomp:DefaultTenant"] = "demo",
    };

    /// <summary>
    /// Small limits and short intervals, so heart-beats, timeouts and overflows happen within a test: the default tenant
    /// (acme) requires authentication, heart-beats are 100 ms, sessions time out after 1 s without a receiving
    /// connection, eight queued messages make a slow consumer, frames are at most 4 KiB.
    /// </summary>
    public static Dictionary<string, string?> Tight() => new()
    {
        ["Edge:Stomp:DefaultTenant"] = "acme",
        ["Edge:Stomp:HeartbeatSend"] = "00:00:00.100",
        ["Edge:Stomp:HeartbeatReceive"] = "00:00:00.100",
        ["Edge:Stomp:MaxFrameBytes"] = "4096",
        ["Edge:Stomp:SockJs:HeartbeatInterval"] = "00:00:00.200",
        ["Edge:Stomp:SockJs:DisconnectDelay"] = "00:00:01",
        ["Edge:Stomp:SockJs:MaxQueuedMessages"] = "8",
        ["Edge:Stomp:SockJs:MaxInboundMessageBytes"] = "16384",
        ["Edge:Stomp:SockJs:StreamingResponseLimitBytes"] = "4096",
        ["Edge:Stomp:SockJs:AllowedOrigins:0"] = "http://allowed.example",
    };

    /// <summary>alice is a user of tenant acme (which refuses anonymous sessions); demo allows anonymous sessions.</summary>
    public static TestAuthenticator Authenticator() => new TestAuthenticator().Add("alice", "secret-a", "acme");
}
