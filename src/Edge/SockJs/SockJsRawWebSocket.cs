using System.Net.WebSockets;
using System.Text;

namespace CallCenter.Edge.SockJs;

/// <summary>
/// The raw websocket endpoint (/websocket under the base): no SockJS framing, no open or heartbeat frames; each
/// websocket message is one application message both ways. For non-browser clients (and STOMP clients given a plain
/// websocket URL).
/// </summary>
internal sealed class SockJsRawWebSocket : ISockJsChannel
{
    private readonly SockJsServer _server;
    private readonly SockJsOutbox _outbox;
    private ISockJsConnectionHandler? _handler;
    private int _closedNotified;
    private (int Code, string Reason) _close = (SockJsCloseCode.Normal, "");

    private SockJsRawWebSocket(SockJsServer server)
    {
        _server = server;
        _outbox = new SockJsOutbox(server.Options.MaxQueuedMessages, server.Options.MaxQueuedChars);
    }

    public string Transport => "raw-websocket";

    public bool TrySend(string message) => _outbox.TryEnqueue(message);

    public void CloseWithCode(int code, string reason, string? finalMessage = null, bool discardPending = false)
    {
        // Set before the outbox closes, so the writer that sees the close uses it; a later close cannot change it.
        if (_outbox.CloseFrame is null) _close = (code, reason);
        Close(finalMessage, discardPending);
    }

    public void Close(string? finalMessage = null, bool discardPending = false)
    {
        // The close "frame" of a raw socket is the websocket close itself; the marker only stops the outbox.
        if (!_outbox.Close("close", finalMessage, discardPending)) return;
        if (Interlocked.Exchange(ref _closedNotified, 1) != 0 || _handler is not { } handler) return;
        ThreadPool.QueueUserWorkItem(static state =>
        {
            var (server, handler) = state;
            try
            {
                handler.OnClosed();
            }
            catch (Exception e)
            {
                server.Log.LogError(e, "raw websocket: the application's close handler failed");
            }
        }, (_server, handler), preferLocal: false);
    }

    public static async Task ServeAsync(SockJsServer server, HttpContext context)
    {
        using var socket = await server.AcceptWebSocketAsync(context);
        if (socket is null) return;
        var channel = new SockJsRawWebSocket(server);
        channel._handler = server.Handler.Open(channel, context);
        using var tracked = server.Track(channel);

        var writer = channel.WriteAsync(socket);
        var reader = channel.ReadAsync(socket, context);
        await Task.WhenAny(writer, reader);
        channel.Close();
        await server.FinishWebSocketAsync(socket, writer, reader);
    }

    private async Task WriteAsync(WebSocket socket)
    {
        try
        {
            while (true)
            {
                var messages = _outbox.TakeAll(out var closing);
                foreach (var message in messages)
                {
                    await socket.SendAsync(Encoding.UTF8.GetBytes(message), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
                }
                if (messages.Count == 0 && closing is not null)
                {
                    await SockJsServer.CloseOutputQuietlyAsync(socket, (WebSocketCloseStatus)_close.Code, _close.Reason);
                    return;
                }
                if (messages.Count == 0) await _outbox.WaitAsync(Timeout.InfiniteTimeSpan, CancellationToken.None);
            }
        }
        catch (Exception e) when (e is WebSocketException or IOException or ObjectDisposedException or OperationCanceledException)
        {
            Close();
        }
    }

    /// <summary>Reads until the client closes; after our side closed, what still arrives is dropped (see the session
    /// websocket transport).</summary>
    private async Task ReadAsync(WebSocket socket, HttpContext context)
    {
        var reader = new SockJsWebSocketReader(socket, _server.Options.MaxInboundMessageBytes);
        try
        {
            while (true)
            {
                var outcome = await reader.ReadAsync(context.RequestAborted);
                if (outcome == SockJsWebSocketReader.Outcome.Closed)
                {
                    Close();
                    return;
                }
                if (_outbox.CloseFrame is not null) continue;
                if (reader.Refusal(outcome) is { } refusal)
                {
                    // The application answers (a STOMP ERROR), then the socket closes with the code.
                    _handler!.OnMessageRefused(refusal.Code, refusal.Reason);
                    CloseWithCode(refusal.Code, refusal.Reason, discardPending: true);
                    continue;
                }
                if (reader.Message.IsEmpty) continue;
                await _handler!.OnMessageAsync(Encoding.UTF8.GetString(reader.Message), context, CancellationToken.None);
            }
        }
        catch (Exception e) when (e is WebSocketException or IOException or ObjectDisposedException or OperationCanceledException)
        {
            Close();
        }
    }
}
