namespace CallCenter.Edge.SockJs;

/// <summary>
/// The server-to-client side of one SockJS session (or raw websocket connection), as the application behind the
/// endpoint sees it. Thread-safe; nothing on it waits for the network.
/// </summary>
internal interface ISockJsChannel
{
    /// <summary>Which transport opened the session ("websocket", "xhr_streaming", "xhr", "raw-websocket"), for logs.</summary>
    string Transport { get; }

    /// <summary>Queues one message.</summary>
    /// <returns>False if the channel is closed or its bounded outbound queue is full (a slow consumer); the message is
    /// dropped and the caller is expected to close the channel.</returns>
    bool TrySend(string message);

    /// <summary>Ends the session: <paramref name="finalMessage"/>, if any, is delivered last (bypassing the queue bound),
    /// then the transport's close. <paramref name="discardPending"/> drops what is still queued first. Idempotent.</summary>
    void Close(string? finalMessage = null, bool discardPending = false);

    /// <summary>As <see cref="Close(string?, bool)"/>, ending with websocket close code <paramref name="code"/>
    /// (<see cref="SockJsCloseCode"/>) and <paramref name="reason"/>, for a client that broke the protocol.</summary>
    void CloseWithCode(int code, string reason, string? finalMessage = null, bool discardPending = false);
}
