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

    public Task SendAsync(string text) => _socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, CancellationToken.None);

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
                if (_socket.State == WebSocketState.CloseReceived) await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
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
