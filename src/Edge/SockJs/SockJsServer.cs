using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text;

namespace CallCenter.Edge.SockJs;

/// <summary>
/// One SockJS endpoint: the greeting, /info, the raw websocket and the session transports, all in front of one
/// <see cref="ISockJsHandler"/>. Served transports: websocket, xhr_streaming, xhr (polling) and xhr_send. Not served:
/// eventsource, htmlfile, jsonp and the iframe page; every browser with XHR+CORS (all current ones) uses xhr_streaming
/// when websockets are blocked, and sockjs-client skips transports the server does not answer.
/// </summary>
internal sealed class SockJsServer : IDisposable
{
    /// <summary>Decodes UTF-8 and refuses invalid bytes instead of replacing them.</summary>
    public static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private const int MaxSegmentLength = 128;
    private readonly IReadOnlyList<string> _subProtocols;
    private readonly ConcurrentDictionary<ISockJsChannel, byte> _webSockets = new();
    private readonly SockJsHttpTransports _http;
    private readonly SockJsWebSocketTransport _webSocket;

    /// <param name="subProtocols">Websocket sub-protocols the application speaks, most preferred first (STOMP clients
    /// offer "v12.stomp" and friends, and browsers drop a socket whose offered protocol is not answered).</param>
    public SockJsServer(SockJsOptions options, ISockJsHandler handler, IReadOnlyList<string> subProtocols, ILogger log)
    {
        Options = options;
        Handler = handler;
        Log = log;
        _subProtocols = subProtocols;
        Sessions = new SockJsSessionStore(options, log);
        _http = new SockJsHttpTransports(this);
        _webSocket = new SockJsWebSocketTransport(this);
    }

    public SockJsOptions Options { get; }

    public ISockJsHandler Handler { get; }

    public ILogger Log { get; }

    public SockJsSessionStore Sessions { get; }

    /// <summary>GET on the base URL.</summary>
    public static Task WelcomeAsync(HttpContext context) => SockJsHttp.WriteTextAsync(context, StatusCodes.Status200OK, "Welcome to SockJS!\n");

    /// <summary>/info: what the client needs before choosing a transport. Answered quickly, since clients time it to
    /// estimate the round trip.</summary>
    public Task InfoAsync(HttpContext context)
    {
        if (!SockJsHttp.IsOriginAllowed(context, Options)) return Forbidden(context);
        if (HttpMethods.IsOptions(context.Request.Method))
        {
            SockJsHttp.WriteOptions(context, "OPTIONS, GET");
            return Task.CompletedTask;
        }
        if (!HttpMethods.IsGet(context.Request.Method))
        {
            SockJsHttp.WriteMethodNotAllowed(context, "OPTIONS, GET");
            return Task.CompletedTask;
        }
        SockJsHttp.AddCors(context);
        SockJsHttp.AddNoCache(context);
        context.Response.ContentType = "application/json; charset=UTF-8";
        var entropy = BitConverter.ToUInt32(RandomNumberGenerator.GetBytes(4));
        // "origins" is a legacy field that clients ignore; the protocol fixes its value.
        return context.Response.WriteAsync(
            $"{{\"websocket\":true,\"cookie_needed\":{(Options.CookieNeeded ? "true" : "false")},\"origins\":[\"*:*\"],\"entropy\":{entropy}}}",
            context.RequestAborted);
    }

    /// <summary>/websocket: a plain websocket, one application message per websocket message.</summary>
    public Task RawWebSocketAsync(HttpContext context)
    {
        if (!SockJsHttp.IsOriginAllowed(context, Options)) return Forbidden(context);
        if (!HttpMethods.IsGet(context.Request.Method))
        {
            SockJsHttp.WriteMethodNotAllowed(context, "GET");
            return Task.CompletedTask;
        }
        return SockJsRawWebSocket.ServeAsync(this, context);
    }

    /// <summary>/{server}/{session}/{transport}.</summary>
    public Task SessionAsync(HttpContext context)
    {
        var serverId = context.GetRouteValue("server") as string;
        var sessionId = context.GetRouteValue("session") as string;
        var transport = context.GetRouteValue("transport") as string;
        if (!IsValidSegment(serverId) || !IsValidSegment(sessionId) || transport is null) return NotFound(context);
        if (!SockJsHttp.IsOriginAllowed(context, Options)) return Forbidden(context);

        var method = context.Request.Method;
        switch (transport)
        {
            case "websocket":
                if (!HttpMethods.IsGet(method))
                {
                    SockJsHttp.WriteMethodNotAllowed(context, "GET");
                    return Task.CompletedTask;
                }
                return _webSocket.ServeAsync(context, sessionId!);
            case "xhr":
            case "xhr_streaming":
            case "xhr_send":
                if (HttpMethods.IsOptions(method))
                {
                    SockJsHttp.WriteOptions(context, "OPTIONS, POST");
                    return Task.CompletedTask;
                }
                if (!HttpMethods.IsPost(method))
                {
                    SockJsHttp.WriteMethodNotAllowed(context, "OPTIONS, POST");
                    return Task.CompletedTask;
                }
                return transport switch
                {
                    "xhr" => _http.PollAsync(context, sessionId!),
                    "xhr_streaming" => _http.StreamAsync(context, sessionId!),
                    _ => _http.SendAsync(context, sessionId!),
                };
            default:
                // eventsource, htmlfile, jsonp, jsonp_send: deliberately not served (see the class comment).
                return NotFound(context);
        }
    }

    /// <summary>
    /// Server and session ids are chosen by the client and may be almost anything, but the protocol forbids empty
    /// segments and dots; we also bound their length and refuse control characters, since the session id is a
    /// dictionary key and appears in logs.
    /// </summary>
    public static bool IsValidSegment(string? segment)
    {
        if (string.IsNullOrEmpty(segment) || segment.Length > MaxSegmentLength) return false;
        foreach (var c in segment)
        {
            if (c == '.' || c == '/' || char.IsControl(c)) return false;
        }
        return true;
    }

    /// <summary>Creates, starts and registers a new HTTP-transport session.</summary>
    /// <returns>The session registered under the id (another request may have won the race), or null when full.</returns>
    public SockJsSession? CreateSession(HttpContext context, string sessionId, string transport)
    {
        if (Sessions.Count >= Options.MaxSessions) return null;
        var candidate = new SockJsSession(sessionId, transport, context.Connection.RemoteIpAddress, Options, Log);
        candidate.Start(Handler.Open(candidate, context));
        var registered = Sessions.AddOrGetExisting(candidate);
        if (!ReferenceEquals(registered, candidate)) candidate.Close();
        return registered;
    }

    /// <summary>Whether the request may use the session: with address binding on, only from the address that opened it.</summary>
    public bool IsSameClient(SockJsSession session, HttpContext context)
        => !Options.BindSessionToRemoteAddress || Equals(session.RemoteAddress, context.Connection.RemoteIpAddress);

    /// <summary>Accepts a websocket upgrade, choosing a sub-protocol the client offered; answers 400 to plain requests.</summary>
    public async Task<WebSocket?> AcceptWebSocketAsync(HttpContext context)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            await SockJsHttp.WriteTextAsync(context, StatusCodes.Status400BadRequest, "Can \"Upgrade\" only to \"WebSocket\".");
            return null;
        }
        var offered = context.WebSockets.WebSocketRequestedProtocols;
        var chosen = _subProtocols.FirstOrDefault(p => offered.Contains(p, StringComparer.OrdinalIgnoreCase));
        return await context.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext { SubProtocol = chosen });
    }

    /// <summary>Keeps a live websocket channel known, so <see cref="CloseAll"/> reaches it; dispose when the socket ends.</summary>
    public IDisposable Track(ISockJsChannel channel)
    {
        _webSockets.TryAdd(channel, 0);
        return new Untrack(_webSockets, channel);
    }

    /// <summary>
    /// Closes every session and websocket (host shutdown): clients get a close frame instead of a dropped connection,
    /// applications release what they hold, and long-running websocket requests end, so the server can stop promptly.
    /// </summary>
    public void CloseAll()
    {
        Sessions.CloseAll();
        foreach (var channel in _webSockets.Keys) channel.Close();
    }

    /// <summary>
    /// Lets both loops of a websocket end: the writer gets a moment to deliver the final messages and close, then the
    /// reader a moment to see the client's close; a socket that does not close in time is aborted.
    /// </summary>
    public async Task FinishWebSocketAsync(WebSocket socket, Task writer, Task reader)
    {
        var grace = TimeSpan.FromSeconds(5);
        try
        {
            await writer.WaitAsync(grace, TimeProvider.System);
            await reader.WaitAsync(grace, TimeProvider.System);
        }
        catch (TimeoutException)
        {
            Log.LogDebug("websocket did not close in time; aborting it");
        }
        socket.Abort();
        await Task.WhenAll(writer, reader).ContinueWith(static _ => { }, TaskScheduler.Default);
    }

    public static async Task CloseOutputQuietlyAsync(WebSocket socket, WebSocketCloseStatus status = WebSocketCloseStatus.NormalClosure, string? reason = null)
    {
        if (socket.State is not (WebSocketState.Open or WebSocketState.CloseReceived)) return;
        try
        {
            // A close reason is at most 123 bytes of UTF-8 (RFC 6455 §5.5); ours are short ASCII.
            await socket.CloseOutputAsync(status, string.IsNullOrEmpty(reason) ? null : reason[..Math.Min(reason.Length, 120)], CancellationToken.None);
        }
        catch (Exception e) when (e is WebSocketException or IOException or ObjectDisposedException)
        {
            // The client is already gone; nothing left to tell it.
        }
    }

    private static Task NotFound(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status404NotFound;
        return Task.CompletedTask;
    }

    private static Task Forbidden(HttpContext context) => SockJsHttp.WriteTextAsync(context, StatusCodes.Status403Forbidden, "Origin not allowed.");

    public void Dispose()
    {
        Sessions.Dispose();
        foreach (var channel in _webSockets.Keys) channel.Close();
    }

    private sealed class Untrack(ConcurrentDictionary<ISockJsChannel, byte> channels, ISockJsChannel channel) : IDisposable
    {
        public void Dispose() => channels.TryRemove(channel, out _);
    }
}
