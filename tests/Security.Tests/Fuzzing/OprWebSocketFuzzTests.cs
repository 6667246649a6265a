using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using CallCenter.Security.Tests.Support;
using FsCheck;
using FsCheck.Fluent;

namespace CallCenter.Security.Tests.Fuzzing;

/// <summary>
/// Family (g): messages a client sends on the operator console's push websocket (<c>/api/ws</c>), over a real
/// ClientWebSocket. The server takes nothing from clients (docs/opr-console.md: "the client sends nothing"): whatever
/// arrives — text, binary, JSON requests, junk, large messages — is read and ignored. Invariants: the socket stays
/// open, the seat's state is unchanged, and a reconnect with <c>since</c> is still served.
/// </summary>
[Collection(SecuritySystemCollection.Name)]
public sealed class OprWebSocketFuzzTests(SecuritySystem system)
{
    private static readonly byte[][] Requests =
    [
        Encoding.UTF8.GetBytes($$"""{"msgType":"opr_logout","seatId":"{{SecuritySystem.ASeat}}"}"""),
        Encoding.UTF8.GetBytes($$"""{"msgType":"clean_board","seatId":"{{SecuritySystem.ASeat}}","boardIndex":"1"}"""),
        "{\"msgType\":\"handShake\"}"u8.ToArray(),
    ];

    private static Gen<(byte[] Bytes, bool Binary)> Messages =>
        from bytes in Gen.Frequency(
            (2, Fuzz.Bytes),
            (2, Fuzz.Mutated(Requests)),
            (1, Gen.Elements(Requests)),
            (1, Gen.Choose(1025, 8192).Select(n => Encoding.ASCII.GetBytes(new string('x', n)))))
        from binary in Gen.Elements(true, false)
        select (bytes, binary);

    [Fact]
    public async Task Whatever_a_client_sends_on_the_push_socket_is_ignored()
    {
        var messages = Fuzz.Sample(Messages, seed: 0x0795_0007);
        var before = await system.SnapshotAAsync();
        using var socket = new ClientWebSocket();
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await socket.ConnectAsync(system.Silo.WebSocketAddress("/api/ws").With($"seatId={SecuritySystem.ASeat}"), guard.Token);
        var ready = await ReceiveAsync(socket, guard.Token);
        Assert.Equal("ws_ready", ready["msgType"]!.GetValue<string>());

        for (var i = 0; i < messages.Count; i++)
        {
            var (bytes, binary) = messages[i];
            // Text frames must be UTF-8 by the websocket protocol itself; the client library would refuse to send others.
            var type = binary || !System.Text.Unicode.Utf8.IsValid(bytes) ? WebSocketMessageType.Binary : WebSocketMessageType.Text;
            await socket.SendAsync(bytes, type, endOfMessage: true, guard.Token);
            Assert.True(socket.State == WebSocketState.Open, $"message {i} ({Fuzz.Printable(bytes)}) ended the session: {socket.CloseStatus} {socket.CloseStatusDescription}");
        }

        Assert.Equal(before, await system.SnapshotAAsync());
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", guard.Token);
        using var again = new ClientWebSocket();
        await again.ConnectAsync(system.Silo.WebSocketAddress("/api/ws").With($"seatId={SecuritySystem.ASeat}&since={ready["seq"]}"), guard.Token);
        Assert.Equal("ws_ready", (await ReceiveAsync(again, guard.Token))["msgType"]!.GetValue<string>());
        await again.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", guard.Token);
    }

    private static async Task<JsonObject> ReceiveAsync(ClientWebSocket socket, CancellationToken cancellationToken)
    {
        var buffer = new byte[64 * 1024];
        var result = await socket.ReceiveAsync(buffer, cancellationToken);
        return JsonNode.Parse(buffer.AsSpan(0, result.Count))!.AsObject();
    }
}

internal static class UriQuery
{
    public static Uri With(this Uri uri, string query) => new UriBuilder(uri) { Query = query }.Uri;
}
