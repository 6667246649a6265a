using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;

namespace CallCenter.Opr.Tests;

/// <summary>What a client sends on the push websocket (it needs to send nothing): ignored within limits, an oversized
/// message ends the session in the opr shape with 1009, and the server keeps serving.</summary>
public sealed class WebSocketInputTests(BadInputFixture fixture) : IClassFixture<BadInputFixture>
{
    private readonly OprHarness _h = fixture.Harness;

    private async Task<ClientWebSocket> ConnectAsync()
    {
        var socket = new ClientWebSocket();
        await socket.ConnectAsync(new UriBuilder(_h.Silo.WebSocketAddress("/api/ws")) { Query = "seatId=6" }.Uri, CancellationToken.None);
        Assert.Equal("ws_ready", (await ReceiveAsync(socket))!["msgType"]!.GetValue<string>());
        return socket;
    }

    /// <returns>The next JSON frame, or null once the server closed.</returns>
    private static async Task<JsonObject?> ReceiveAsync(ClientWebSocket socket)
    {
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer, guard.Token);
            if (result.MessageType == WebSocketMessageType.Close) return null;
            message.Write(buffer, 0, result.Count);
            if (result.EndOfMessage) return JsonNode.Parse(message.ToArray())!.AsObject();
        }
    }

    [Fact]
    public async Task Small_client_messages_are_ignored()
    {
        using var socket = await ConnectAsync();
        await socket.SendAsync("""{"msgType":"handShake"}"""u8.ToArray(), WebSocketMessageType.Text, true, CancellationToken.None);
        await socket.SendAsync(new byte[] { 1, 2, 3 }, WebSocketMessageType.Binary, true, CancellationToken.None);
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
        Assert.Equal(WebSocketCloseStatus.NormalClosure, socket.CloseStatus);
    }

    [Fact]
    public async Task An_oversized_message_gets_message_too_large_and_1009()
    {
        using var socket = await ConnectAsync();
        await socket.SendAsync(Encoding.ASCII.GetBytes(new string('x', 100_000)), WebSocketMessageType.Text, true, CancellationToken.None);
        var refusal = await ReceiveAsync(socket);
        Assert.Equal("failed", refusal!["status"]!.GetValue<string>());
        Assert.Equal("message_too_large", refusal["reason"]!.GetValue<string>());
        Assert.Null(await ReceiveAsync(socket));
        Assert.Equal(WebSocketCloseStatus.MessageTooBig, socket.CloseStatus);

        // The server keeps serving.
        using var again = await ConnectAsync();
        Assert.Equal("ok", (await _h.OkAsync(new { msgType = "getSeatState", seatId = "6", operatorId = "001" }))["status"]!.GetValue<string>());
    }
}
