using System.Net.WebSockets;
using System.Text;
using CallCenter.Security.Tests.Support;
using FsCheck;
using FsCheck.Fluent;

namespace CallCenter.Security.Tests.Fuzzing;

/// <summary>
/// Family (h): STOMP frames end to end over the raw websocket (<c>/callcenter/ws/websocket</c>), one connection per
/// case: an anonymous CONNECT (the demo tenant allows it) then a damaged frame, or a damaged CONNECT. Invariants
/// (docs/stomp.md): the session either goes on (a DISCONNECT with a receipt is answered) or ends with an ERROR frame
/// carrying a <c>message</c> and a close handshake — never a dropped connection; tenant A's state unchanged; a good
/// session works afterwards.
/// </summary>
[Collection(SecuritySystemCollection.Name)]
public sealed class StompWebSocketFuzzTests(SecuritySystem system)
{
    private const int MaxFrameBytes = 65536;
    private const string Connect = "CONNECT\naccept-version:1.2\nhost:callcenter\nheart-beat:0,0\n\n\0";
    private const string Sync = "DISCONNECT\nreceipt:sync\n\n\0";

    private static readonly byte[][] Frames =
    [
        "SUBSCRIBE\nid:0\ndestination:/topic/status/9999\n\n\0"u8.ToArray(),
        "SEND\ndestination:/app/nobody\ncontent-type:application/json\n\n{\"username\":\"9999\"}\0"u8.ToArray(),
        "SEND\ndestination:/app/busy\ncontent-length:2\n\n{}\0"u8.ToArray(),
        "UNSUBSCRIBE\nid:0\n\n\0"u8.ToArray(),
        "BEGIN\ntransaction:t\\c1\n\n\0ABORT\ntransaction:t\\c1\n\n\0"u8.ToArray(),
        "ACK\nid:x\n\n\0"u8.ToArray(),
    ];

    private sealed record Case(bool Connected, byte[] Bytes, bool Binary = false);

    private static Gen<Case> Cases => Gen.Frequency(
        (1, Fuzz.Bytes.Select(b => new Case(true, b))),
        (5, Fuzz.Mutated(Frames).Select(b => new Case(true, b))),
        (2, Fuzz.Mutated([Encoding.ASCII.GetBytes(Connect)]).Select(b => new Case(false, b))),
        (1, Fuzz.Mutated(Frames).Select(b => new Case(true, b, Binary: true))),
        (1, Gen.Choose(MaxFrameBytes + 1, 2 * MaxFrameBytes).Select(n => new Case(true, Encoding.ASCII.GetBytes("SEND\ndestination:/app/busy\n\n" + new string('x', n) + "\0")))));

    [Fact]
    public async Task Damaged_frames_end_in_an_error_frame_and_a_close_or_leave_the_session_working()
    {
        var all = Fuzz.Sample(Cases, seed: 0x5703_0008, count: 2000);
        // KnownIssue.InvalidUtf8: the runtime fails a non-UTF-8 text message itself (no ERROR frame can precede its close)
        // and its 1007 close can be lost to a reset (docs/security.md, open). Binary and oversize messages are covered.
        var excluded = all.Count(c => KnownIssue.InvalidUtf8(c.Bytes));
        var cases = all.Where(c => !KnownIssue.InvalidUtf8(c.Bytes)).Take(Fuzz.Count).ToList();
        Assert.Equal(Fuzz.Count, cases.Count);
        var before = await system.SnapshotAAsync();

        var outcomes = await Batch.RunAsync(cases, RunAsync);

        var problems = outcomes.Select((o, i) => (o, i)).Where(x => x.o.Problem is not null)
            .Select(x => $"#{x.i} {Fuzz.Printable(cases[x.i].Bytes)} ({Encoding.UTF8.GetString(cases[x.i].Bytes)}): {x.o.Problem}").ToList();
        Assert.True(problems.Count == 0, $"{problems.Count} of {cases.Count} broke the contract ({excluded} excluded):\n" + string.Join("\n", problems.Take(15)));
        Assert.True(outcomes.Count(o => o.Error) > cases.Count / 3, $"only {outcomes.Count(o => o.Error)} refused");
        Assert.Equal(before, await system.SnapshotAAsync());
        var good = await RunAsync(new Case(true, "SUBSCRIBE\nid:1\ndestination:/topic/status/9999\n\n\0"u8.ToArray()));
        Assert.True(good is { Problem: null, Error: false }, good.Problem);
    }

    private sealed record Outcome(bool Error, string? Problem);

    private async Task<Outcome> RunAsync(Case c)
    {
        using var socket = new ClientWebSocket();
        socket.Options.AddSubProtocol("v12.stomp");
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        var uri = system.Silo.WebSocketAddress("/callcenter/ws/websocket");
        await socket.ConnectAsync(uri, guard.Token);
        var received = new StringBuilder();
        try
        {
            if (c.Connected)
            {
                await SendAsync(socket, Encoding.ASCII.GetBytes(Connect), guard.Token);
                var connected = await ReceiveAsync(socket, guard.Token);
                if (connected is null || !connected.StartsWith("CONNECTED", StringComparison.Ordinal)) return new(false, "CONNECT refused: " + connected);
            }
            await socket.SendAsync(c.Bytes, c.Binary ? WebSocketMessageType.Binary : WebSocketMessageType.Text, true, guard.Token);
            await SendAsync(socket, Encoding.ASCII.GetBytes(Sync), guard.Token);
            while (true)
            {
                var text = await ReceiveAsync(socket, guard.Token);
                if (text is null) return new(false, $"closed ({socket.CloseStatus}) without an ERROR frame after: {received}");
                received.Append(text);
                if (text.StartsWith("RECEIPT", StringComparison.Ordinal) && text.Contains("receipt-id:sync", StringComparison.Ordinal)) return new(false, null);
                if (text.StartsWith("ERROR", StringComparison.Ordinal))
                {
                    if (!text.Contains("\nmessage:", StringComparison.Ordinal)) return new(true, "ERROR without a message: " + text);
                    // The close handshake follows (a dropped connection would throw).
                    var after = await ReceiveAsync(socket, guard.Token);
                    return after is null ? new(true, null) : new(true, "more after ERROR: " + after);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Waiting for the rest of a frame the damage made longer (a content-length past the bytes sent) is the
            // documented behaviour: the reader buffers up to MaxFrameBytes.
            return new(false, null);
        }
        catch (WebSocketException e)
        {
            return new(false, $"connection dropped ({e.WebSocketErrorCode}) after: {received}");
        }
    }

    private static Task SendAsync(ClientWebSocket socket, byte[] bytes, CancellationToken cancellationToken)
        => socket.SendAsync(bytes, WebSocketMessageType.Text, true, cancellationToken);

    /// <summary>The next text message, or null once the server has closed.</summary>
    private static async Task<string?> ReceiveAsync(ClientWebSocket socket, CancellationToken cancellationToken)
    {
        var buffer = new byte[8192];
        using var message = new MemoryStream();
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer, cancellationToken);
            if (result.MessageType == WebSocketMessageType.Close) return null;
            message.Write(buffer, 0, result.Count);
            if (result.EndOfMessage) return Encoding.UTF8.GetString(message.ToArray());
        }
    }
}
