using System.Net.WebSockets;
using System.Text;
using CallCenter.Edge.Stomp;
using CallCenter.Stomp.Tests.Support;
using static CallCenter.Stomp.Tests.Support.StompHarness;

namespace CallCenter.Stomp.Tests.EndToEnd;

/// <summary>Hostile input over real sockets (docs/security.md, "STOMP and websocket framing"): every case gets a STOMP
/// ERROR that says what was wrong, then the close code that names the class of problem, over the raw websocket and over
/// SockJS (the code of its c[code,"reason"] frame).</summary>
[Collection(StompSystemCollection.Name)]
public sealed class HostileFramesTests(StompServerFixture server)
{
    private const string Connect = "CONNECT\naccept-version:1.2\nheart-beat:0,0\n\n\0";

    public static TheoryData<string, string, int> Cases() => new()
    {
        { "10 MB SEND", "message too large", 1009 },
        { "1 MB header", "message too large", 1009 },
        { "frame over the STOMP limit", "frame too large", 1009 },
        { "binary junk", "binary message is not UTF-8 text", 1002 },
        { "printable junk", "unknown command", 1002 },
        { "duplicate JSON key", "invalid JSON body (duplicate key 'username')", 1002 },
        { "forbidden destination", "clients may not send to broker destinations", 1008 },
    };

    private static (byte[] Bytes, WebSocketMessageType Type) Input(string name) => name switch
    {
        "10 MB SEND" => (Encoding.ASCII.GetBytes("SEND\ndestination:/app/x\n\n" + new string('x', 10 * 1024 * 1024) + "\0"), WebSocketMessageType.Text),
        "1 MB header" => (Encoding.ASCII.GetBytes("SEND\ndestination:/app/x\nbig:" + new string('h', 1024 * 1024) + "\n\n\0"), WebSocketMessageType.Text),
        "frame over the STOMP limit" => (Encoding.ASCII.GetBytes("SEND\ndestination:/app/x\nbig:" + new string('h', 100 * 1024) + "\n\n\0"), WebSocketMessageType.Text),
        "binary junk" => ([0xFF, 0xFE, 0x00, 0x9C, 0x80, 0x01, 0xC0], WebSocketMessageType.Binary),
        "printable junk" => ("GET / HTTP/1.1\r\n\r\n"u8.ToArray(), WebSocketMessageType.Binary),
        "duplicate JSON key" => ("SEND\ndestination:/app/setWorkStatus\ncontent-type:application/json\n\n{\"username\":\"1001\",\"username\":\"1002\"}\0"u8.ToArray(), WebSocketMessageType.Text),
        _ => ("SEND\ndestination:/topic/call/1001\n\n{}\0"u8.ToArray(), WebSocketMessageType.Text),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Raw_websocket_answers_with_an_error_frame_and_the_close_code(string name, string reason, int code)
    {
        await using var socket = await WebSocketTestClient.ConnectAsync(server.BaseAddress, "callcenter/ws/websocket");
        await socket.SendAsync(Connect);
        Assert.Equal(StompCommand.Connected, TestClient.ParseServerFrames([(await socket.ReceiveAsync())!]).Single().Command);
        var (bytes, type) = Input(name);
        await socket.SendBytesAsync(bytes, type);
        var error = TestClient.ParseServerFrames(await socket.ReceiveUntilClosedAsync()).Single();
        Assert.Equal(StompCommand.Error, error.Command);
        Assert.StartsWith(reason, error["message"]);
        Assert.Equal((WebSocketCloseStatus)code, socket.CloseStatus);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Sockjs_answers_with_an_error_frame_and_a_close_frame_with_the_code(string name, string reason, int code)
    {
        await using var socket = await WebSocketTestClient.ConnectAsync(server.BaseAddress, $"callcenter/ws/000/{SockJsHttpClient.NewSessionId()}/websocket");
        Assert.Equal("o", await socket.ReceiveAsync());
        await socket.SendAsync(SockJsArray(Connect));
        Assert.Equal(StompCommand.Connected, SockJsMessages.StompFrames((await socket.ReceiveAsync())!).Single().Command);
        var (bytes, type) = Input(name);
        // SockJS carries frames as a JSON array of strings; junk stays junk (it is then broken SockJS framing).
        if (!name.Contains("junk")) bytes = Encoding.UTF8.GetBytes(SockJsArray(Encoding.UTF8.GetString(bytes)));
        await socket.SendBytesAsync(bytes, type);
        var frames = await socket.ReceiveUntilClosedAsync();
        var error = SockJsMessages.StompFrames(frames[0]).Single();
        Assert.Equal(StompCommand.Error, error.Command);
        var expected = name.Contains("junk") && type == WebSocketMessageType.Binary && name != "binary junk" ? "broken SockJS framing" : reason;
        Assert.StartsWith(expected, error["message"]);
        Assert.StartsWith($"c[{code},", frames[^1]);
    }

    /// <summary>The websocket layer itself (RFC 6455 §8.1) fails the socket before the message reaches STOMP, so there is
    /// no ERROR frame to read here; under load the connection is reset before the runtime's 1007 close frame arrives
    /// (docs/security.md, open).</summary>
    [Fact(Skip = "open: the runtime's own 1007 close races the connection teardown (reset, seen as 1006); see docs/security.md")]
    public async Task Invalid_utf8_in_a_text_message_closes_with_1007()
    {
        await using var socket = await WebSocketTestClient.ConnectAsync(server.BaseAddress, "callcenter/ws/websocket");
        await socket.SendAsync(Connect);
        Assert.Equal(StompCommand.Connected, TestClient.ParseServerFrames([(await socket.ReceiveAsync())!]).Single().Command);
        await socket.SendBytesAsync([.. "SEND\ndestination:/app/x\n\n"u8, 0xC3, 0x28, 0]);
        await socket.ReceiveUntilClosedAsync();
        Assert.Equal(WebSocketCloseStatus.InvalidPayloadData, socket.CloseStatus);
    }

    private static string SockJsArray(string message)
    {
        var builder = new StringBuilder("[");
        CallCenter.Edge.SockJs.SockJsFrames.AppendQuoted(builder, message);
        return builder.Append(']').ToString();
    }
}
