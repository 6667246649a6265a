using System.Net.WebSockets;
using System.Text;

namespace CallCenter.Management.Tests.Support;

/// <summary>One STOMP frame as received.</summary>
public sealed record StompFrame(string Command, IReadOnlyDictionary<string, string> Headers, string Body)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}

/// <summary>
/// STOMP 1.2 by hand over the raw websocket endpoint (/callcenter/ws/websocket), for what real clients never send:
/// broken frames, forged commands, another tenant's destinations. Waits have generous hang guards only.
/// </summary>
public sealed class RawStompClient : IAsyncDisposable
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(20);
    private readonly ClientWebSocket _socket = new();
    // MESSAGE frames received while waiting for another destination: pushes of different grains arrive in any order.
    private readonly List<StompFrame> _pending = [];

    public static async Task<RawStompClient> OpenAsync(Uri baseAddress)
    {
        var client = new RawStompClient();
        client._socket.Options.AddSubProtocol("v12.stomp");
        var uri = new UriBuilder(baseAddress) { Scheme = "ws", Path = "/callcenter/ws/websocket" }.Uri;
        using var guard = new CancellationTokenSource(Guard);
        await client._socket.ConnectAsync(uri, guard.Token);
        return client;
    }

    public Task SendRawAsync(string text)
        => _socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, CancellationToken.None);

    public Task SendFrameAsync(string command, IEnumerable<(string, string)> headers, string body = "")
    {
        var frame = new StringBuilder(command).Append('\n');
        foreach (var (name, value) in headers) frame.Append(name).Append(':').Append(value).Append('\n');
        return SendRawAsync(frame.Append('\n').Append(body).Append('\0').ToString());
    }

    /// <summary>CONNECT and the server's answer (CONNECTED or ERROR).</summary>
    public async Task<StompFrame> ConnectAsync(params (string, string)[] headers)
    {
        await SendFrameAsync("CONNECT", [("accept-version", "1.2"), ("host", "callcenter"), ("heart-beat", "0,0"), .. headers]);
        return await ReceiveAsync();
    }

    public async Task SubscribeAsync(string id, string destination)
    {
        await SendFrameAsync("SUBSCRIBE", [("id", id), ("destination", destination), ("receipt", "sub-" + id)]);
        var receipt = await ReceiveAsync();
        Assert.Equal("RECEIPT", receipt.Command);
    }

    public Task SendAsync(string destination, string body) => SendFrameAsync("SEND", [("destination", destination), ("content-type", "application/json")], body);

    /// <summary>A RECEIPT for a DISCONNECT-less round trip: everything sent before it has been handled.</summary>
    public async Task SyncAsync(string id)
    {
        await SendFrameAsync("SEND", [("destination", "/app/busy"), ("receipt", id)], "not json: ignored");
        while (true)
        {
            var frame = await ReceiveAsync();
            if (frame.Command == "RECEIPT" && frame.Header("receipt-id") == id) return;
        }
    }

    /// <summary>The next MESSAGE on <paramref name="destination"/> (whose body contains <paramref name="contains"/>), from
    /// those already received or still to come.</summary>
    public async Task<StompFrame> WaitForMessageAsync(string destination, string? contains = null)
    {
        bool Matches(StompFrame f) => f.Command == "MESSAGE" && f.Header("destination") == destination && (contains is null || f.Body.Contains(contains, StringComparison.Ordinal));
        var index = _pending.FindIndex(Matches);
        if (index >= 0)
        {
            var found = _pending[index];
            _pending.RemoveAt(index);
            return found;
        }
        while (true)
        {
            var frame = await TryReceiveAsync() ?? throw new InvalidOperationException(
                $"no message on {destination} ({contains}); pending:\n{string.Join("\n", _pending.Select(f => $"{f.Command} {f.Header("destination")} {f.Body}"))}");
            if (Matches(frame)) return frame;
            if (frame.Command == "ERROR") throw new InvalidOperationException($"STOMP ERROR: {frame.Header("message")} {frame.Body}");
            _pending.Add(frame);
        }
    }

    /// <summary>The next frame (heart-beat newlines skipped); null when the server closed the socket.</summary>
    public async Task<StompFrame> ReceiveAsync()
        => await TryReceiveAsync() ?? throw new InvalidOperationException("the server closed the connection, or sent nothing within the hang guard");

    public async Task<StompFrame?> TryReceiveAsync()
    {
        using var guard = new CancellationTokenSource(Guard);
        var buffer = new byte[64 * 1024];
        while (true)
        {
            var text = new StringBuilder();
            WebSocketReceiveResult result;
            do
            {
                try
                {
                    result = await _socket.ReceiveAsync(buffer, guard.Token);
                }
                catch (Exception e) when (e is WebSocketException or OperationCanceledException)
                {
                    return null;
                }
                if (result.MessageType == WebSocketMessageType.Close) return null;
                text.Append(Encoding.UTF8.GetString(buffer, 0, result.Count));
            }
            while (!result.EndOfMessage);
            var raw = text.ToString().TrimStart('\n', '\r');
            if (raw.Length == 0) continue;
            return Parse(raw);
        }
    }

    private static StompFrame Parse(string raw)
    {
        var headerEnd = raw.IndexOf("\n\n", StringComparison.Ordinal);
        var head = raw[..headerEnd].Split('\n');
        var headers = new Dictionary<string, string>();
        foreach (var line in head.Skip(1))
        {
            var colon = line.IndexOf(':');
            if (colon > 0) headers.TryAdd(line[..colon], line[(colon + 1)..]);
        }
        var body = raw[(headerEnd + 2)..].TrimEnd('\0', '\n');
        return new StompFrame(head[0], headers, body);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_socket.State == WebSocketState.Open)
            {
                using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", guard.Token);
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
        }
        _socket.Dispose();
    }
}
