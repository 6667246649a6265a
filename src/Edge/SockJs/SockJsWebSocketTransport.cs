using System.Net.WebSockets;
using System.Text;

namespace CallCenter.Edge.SockJs;

/// <summary>
/// The "websocket" session transport (/{server}/{session}/websocket): SockJS framing over one websocket. The session
/// lives exactly as long as the socket; it is not registered in the session store, because the protocol allows several
/// websockets to use the same session id.
/// </summary>
internal sealed class SockJsWebSocketTransport(SockJsServer server)
{
    public async Task ServeAsync(HttpContext context, string sessionId)
    {
        using var socket = await server.AcceptWebSocketAsync(context);
        if (socket is null) return;

        var session = new SockJsSession(sessionId, "websocket", context.Connection.RemoteIpAddress, server.Options, server.Log);
        session.Start(server.Handler.Open(session, context));
        session.TryAttach(socket);
        using var tracked = server.Track(session);

        var writer = WriteAsync(socket, session);
        var reader = ReadAsync(socket, session, context);
        await Task.WhenAny(writer, reader);
        // Whichever side ended first, the session ends with its socket; the close frame goes out if the socket still can.
        session.Close();
        await server.FinishWebSocketAsync(socket, writer, reader);
        session.Detach(socket, interrupted: false);
    }

    private async Task WriteAsync(WebSocket socket, SockJsSession session)
    {
        try
        {
            while (true)
            {
                var (frame, final) = await session.NextFrameAsync(server.Options.HeartbeatInterval, CancellationToken.None);
                await socket.SendAsync(Encoding.UTF8.GetBytes(frame), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
                if (final)
                {
                    await SockJsServer.CloseOutputQuietlyAsync(socket);
                    return;
                }
            }
        }
        catch (Exception e) when (e is WebSocketException or IOException or ObjectDisposedException or OperationCanceledException)
        {
            session.Close();
        }
    }

    /// <summary>Reads until the client closes. After the session closed, what still arrives is read and dropped, so that
    /// the client's close answers ours and the socket ends cleanly.</summary>
    private async Task ReadAsync(WebSocket socket, SockJsSession session, HttpContext context)
    {
        var reader = new SockJsWebSocketReader(socket, server.Options.MaxInboundMessageBytes);
        try
        {
            while (true)
            {
                var outcome = await reader.ReadAsync(context.RequestAborted);
                if (outcome == SockJsWebSocketReader.Outcome.Closed)
                {
                    session.Close();
                    return;
                }
                if (session.IsClosed) continue;
                if (reader.Refusal(outcome) is { } refusal)
                {
                    session.Refuse(refusal.Code, refusal.Reason);
                    continue;
                }
                // Empty messages are ignored, as the protocol asks.
                if (reader.Message.IsEmpty) continue;
                if (!SockJsClientPayload.TryParse(reader.Message, allowSingleString: true, out var messages, out _))
                {
                    session.Refuse(SockJsCloseCode.ProtocolError, "broken SockJS framing: expected a JSON array of strings");
                    continue;
                }
                await session.DeliverAsync(messages, context, CancellationToken.None);
            }
        }
        catch (Exception e) when (e is WebSocketException or IOException or ObjectDisposedException or OperationCanceledException)
        {
            session.Close();
        }
    }
}
