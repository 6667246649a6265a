namespace CallCenter.Edge.SockJs;

/// <summary>The application behind a SockJS endpoint: gets a connection handler for every new session.</summary>
internal interface ISockJsHandler
{
    /// <param name="channel">Where to send messages for this session.</param>
    /// <param name="request">The request that opened the session. Only valid during this call: HTTP transports' requests
    /// end long before the session does.</param>
    ISockJsConnectionHandler Open(ISockJsChannel channel, HttpContext request);
}

/// <summary>One session's application side. The server calls <see cref="OnMessageAsync"/> one message at a time, in
/// order; <see cref="OnClosed"/> once, possibly while a message is being handled.</summary>
internal interface ISockJsConnectionHandler
{
    /// <param name="message">One client message (one element of a SockJS message array, or one raw websocket message).</param>
    /// <param name="request">The request that carried it (the websocket's upgrade request, or the xhr_send request): its
    /// query string and remote address are those the client connected with.</param>
    ValueTask OnMessageAsync(string message, HttpContext request, CancellationToken cancellationToken);

    /// <summary>The session ended: closed by the application, by the client, or timed out.</summary>
    void OnClosed();

    /// <summary>The transport refused what the client sent before it became a message (too big, not UTF-8, broken
    /// framing): the application answers in its own protocol, then closes with <paramref name="closeCode"/>.</summary>
    void OnMessageRefused(int closeCode, string reason);
}
