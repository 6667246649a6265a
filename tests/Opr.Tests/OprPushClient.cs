using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;

namespace CallCenter.Opr.Tests;

/// <summary>An operator client's websocket: every frame received, in order, and a way to wait for the one that matters.</summary>
public sealed class OprPushClient : IAsyncDisposable
{
    /// <summary>Guards against a hang only; nothing asserts on how long anything took.</summary>
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(30);

    private readonly ClientWebSocket _socket;
    private readonly List<JsonObject> _frames = [];
    private readonly SemaphoreSlim _arrived = new(0);
    private readonly Task _receiving;
    private int _cursor;

    private OprPushClient(ClientWebSocket socket)
    {
        _socket = socket;
        _receiving = Task.Run(ReceiveAsync);
    }

    public static async Task<OprPushClient> ConnectAsync(Uri address, string seatId, long? since, string? apiKey)
    {
        var socket = new ClientWebSocket();
        var query = $"seatId={Uri.EscapeDataString(seatId)}" + (since is { } s ? $"&since={s}" : "") + (apiKey is null ? "" : $"&apiKey={Uri.EscapeDataString(apiKey)}");
        await socket.ConnectAsync(new UriBuilder(address) { Query = query }.Uri, CancellationToken.None);
        var client = new OprPushClient(socket);
        await client.NextAsync(f => f["msgType"]?.GetValue<string>() == "ws_ready");
        return client;
    }

    public IReadOnlyList<JsonObject> Frames
    {
        get { lock (_frames) return _frames.ToList(); }
    }

    public bool Closed => _receiving.IsCompleted;

    /// <summary>The highest seq seen so far.</summary>
    public long LastSeq => Frames.Where(f => f["seq"] is not null && f["msgType"]?.GetValue<string>() != "ws_ready").Select(f => f["seq"]!.GetValue<long>()).DefaultIfEmpty().Max();

    /// <summary>The next frame (after the ones already consumed by earlier waits) that matches.</summary>
    public async Task<JsonObject> NextAsync(Func<JsonObject, bool> match, string? what = null)
    {
        using var guard = new CancellationTokenSource(HangGuard);
        while (true)
        {
            lock (_frames)
            {
                while (_cursor < _frames.Count)
                {
                    var frame = _frames[_cursor++];
                    if (match(frame)) return frame;
                }
            }
            try
            {
                await _arrived.WaitAsync(guard.Token);
            }
            catch (OperationCanceledException)
            {
                throw new Xunit.Sdk.XunitException($"no push matching {what ?? "the condition"} arrived; received:\n{string.Join("\n", Frames.Select(f => f.ToJsonString()))}");
            }
        }
    }

    /// <summary>Any frame received so far or later that matches, whatever earlier waits consumed.</summary>
    public async Task<JsonObject> ReceivedAsync(string msgType, Func<JsonObject, bool>? match = null)
    {
        using var guard = new CancellationTokenSource(HangGuard);
        while (true)
        {
            var found = Frames.FirstOrDefault(f => f["msgType"]?.GetValue<string>() == msgType && (match?.Invoke(f) ?? true));
            if (found is not null) return found;
            try
            {
                await _arrived.WaitAsync(guard.Token);
            }
            catch (OperationCanceledException)
            {
                throw new Xunit.Sdk.XunitException($"no {msgType} push matching the condition arrived");
            }
        }
    }

    public Task<JsonObject> NextPushAsync(string msgType, Func<JsonObject, bool>? match = null)
        => NextAsync(f => f["msgType"]?.GetValue<string>() == msgType && (match?.Invoke(f) ?? true), msgType);

    /// <summary>The next boardStateChange whose board state satisfies <paramref name="match"/>.</summary>
    /// <returns>Its boardState.</returns>
    public async Task<JsonObject> NextBoardStateAsync(Func<JsonObject, bool> match, string? what = null)
        => (await NextAsync(f => f["msgType"]?.GetValue<string>() == "boardStateChange" && match(f["boardState"]!.AsObject()), what ?? "a board state"))["boardState"]!.AsObject();

    public async Task CloseAsync()
    {
        if (_socket.State == WebSocketState.Open)
        {
            try { await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None); }
            catch (WebSocketException) { }
        }
        await _receiving;
    }

    public async ValueTask DisposeAsync()
    {
        await CloseAsync();
        _socket.Dispose();
    }

    private async Task ReceiveAsync()
    {
        var buffer = new byte[64 * 1024];
        var message = new MemoryStream();
        try
        {
            while (_socket.State == WebSocketState.Open)
            {
                var result = await _socket.ReceiveAsync(buffer, CancellationToken.None);
                if (result.MessageType == WebSocketMessageType.Close) break;
                message.Write(buffer, 0, result.Count);
                if (!result.EndOfMessage) continue;
                var frame = JsonNode.Parse(Encoding.UTF8.GetString(message.ToArray()))!.AsObject();
                message.SetLength(0);
                lock (_frames) _frames.Add(frame);
                _arrived.Release();
            }
        }
        catch (WebSocketException)
        {
        }
        _arrived.Release();
    }
}
