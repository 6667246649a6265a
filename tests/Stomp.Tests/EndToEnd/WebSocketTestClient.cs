using System.Net.WebSockets;
using System.Text;
using CallCenter.Stomp.Tests.Support;

namespace CallCenter.Stomp.Tests.EndToEnd;

/// <summary>A websocket client speaking text messages, with hang guards on every receive.</summary>
internal sealed class WebSocketTestClient : IAsyncDisposable
{
    private readonly ClientWebSocket _socket = new();

    public string? SubProtocol => _socket.SubProtocol;

    public WebSocketCloseStatus? CloseStatus => _socket.CloseStatus;

    public static async Task<WebSocketTestClient> ConnectAsync(Uri httpBase, string path, params string[] subProtocols)
    {
        var client = new WebSocketTestClient();
        foreach (var protocol in subProtocols) client._socket.Options.AddSubProtocol(protocol);
        var uri = new UriBuilder(new Uri(httpBase, path)) { Scheme = "ws" }.Uri;
        await client._socket.ConnectAsync(uri, CancellationToken.None).WaitAsync(Eventually.HangGuard);
        return client;
    }

    public string? CloseStatusDescription => _socket.CloseStatusDescription;

    public Task SendAsync(string text) => _socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, CancellationToken.None);

    /// <summary>Sends bytes as they are: junk, invalid UTF-8 in a text message, messages far over the limits.</summary>
    public async Task SendBytesAsync(byte[] bytes, WebSocketMessageType type = WebSocketMessageType.Text)
    {
        try
        {
            await _socket.SendAsync(bytes, type, true, CancellationToken.None).WaitAsync(Eventually.HangGuard);
        }
        catch (Exception e) when (e is WebSocketException or IOException)
        {
            // The server may close before the whole of an oversized message is written; what it answered is still readable.
        }
    }

    /// <returns>The next text message, or null once the server closed the socket.</returns>
    public async Task<string?> ReceiveAsync()
    {
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        while (true)
        {
            var result = await _socket.ReceiveAsync(buffer, CancellationToken.None).WaitAsync(Eventually.HangGuard);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                try
                {
                    if (_socket.State == WebSocketState.CloseReceived) await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
                }
                catch (Exception e) when (e is WebSocketException or IOException)
                {
                    // The server dropped the connection right after its close frame; the close status is known already.
                }
                return null;
            }
            message.Write(buffer, 0, result.Count);
            if (result.EndOfMessage) return Encoding.UTF8.GetString(message.ToArray());
        }
    }

    /// <summary>Reads until the server closes, returning everything it sent.</summary>
    public async Task<List<string>> ReceiveUntilClosedAsync()
    {
        var messages = new List<string>();
        while (await ReceiveAsync() is { } message) messages.Add(message);
        return messages;
    }

    public async ValueTask DisposeAsync()
    {
        if (_socket.State == WebSocketState.Open)
        {
            try
            {
                await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5));
            }
            catch (Exception e) when (e is WebSocketException or TimeoutException)
            {
            }
        }
        _socket.Dispose();
    }
}
