using System.Text;
using CallCenter.Edge.Stomp;
using CallCenter.Stomp.Tests.Support;
using static CallCenter.Stomp.Tests.Support.StompHarness;

namespace CallCenter.Stomp.Tests.EndToEnd;

/// <summary>STOMP sessions over each transport, driven by hand-written clients against the running system.</summary>
[Collection(StompSystemCollection.Name)]
public sealed class StompTransportsTests(StompServerFixture server)
{
    private static string Connect(params (string, string)[] extra) => Frame("CONNECT", [("accept-version", "1.2"), ("heart-beat", "0,0"), .. extra]);

    [Fact]
    public async Task Raw_websocket_speaks_stomp_frame_per_message_and_negotiates_the_sub_protocol()
    {
        await using var socket = await WebSocketTestClient.ConnectAsync(server.BaseAddress, "callcenter/ws/websocket", "v10.stomp", "v11.stomp", "v12.stomp");
        Assert.Equal("v12.stomp", socket.SubProtocol);

        await socket.SendAsync(Connect(("test-login", "alice"), ("test-passcode", "secret-a")));
        var connected = TestClient.ParseServerFrames([(await socket.ReceiveAsync())!]).Single();
        Assert.Equal(StompCommand.Connected, connected.Command);
        Assert.Equal("alice", connected["user-name"]);

        // Two frames in one websocket message, the second split over two messages.
        var subscribe = Frame("SUBSCRIBE", [("id", "0"), ("destination", "/topic/echo/alice"), ("receipt", "r1")]);
        var send = Frame("SEND", [("destination", "/app/echo"), ("content-type", "application/json")], "{\"username\":\"1001\"}");
        await socket.SendAsync(subscribe + send[..10]);
        await socket.SendAsync(send[10..]);
        Assert.Equal("r1", TestClient.ParseServerFrames([(await socket.ReceiveAsync())!]).Single()["receipt-id"]);
        var echo = TestClient.ParseServerFrames([(await socket.ReceiveAsync())!]).Single();
        Assert.Equal("{\"username\":\"1001\"}", echo.BodyText);
        Assert.Equal("1", echo["seq"]);

        var received = server.AppHandler.Received.Last(m => m.Principal == "alice");
        Assert.Equal(("acme", "/app/echo"), (received.TenantId, received.Destination));

        await socket.SendAsync(Frame("DISCONNECT", [("receipt", "bye")]));
        var rest = await socket.ReceiveUntilClosedAsync();
        Assert.Equal("bye", TestClient.ParseServerFrames(rest).Single()["receipt-id"]);
        Assert.Equal(System.Net.WebSockets.WebSocketCloseStatus.NormalClosure, socket.CloseStatus);
    }

    [Fact]
    public async Task Raw_websocket_malformed_frame_gets_an_error_then_the_socket_closes()
    {
        await using var socket = await WebSocketTestClient.ConnectAsync(server.BaseAddress, "callcenter/ws/websocket");
        await socket.SendAsync(Connect());
        await socket.ReceiveAsync();
        await socket.SendAsync("SEND\ndestination:/app/echo\nbad:\\x\n\n\0");
        var frames = TestClient.ParseServerFrames(await socket.ReceiveUntilClosedAsync());
        var error = Assert.Single(frames);
        Assert.Equal(StompCommand.Error, error.Command);
        Assert.Equal("invalid escape sequence '\\x' in header 'bad'", error["message"]);
    }

    [Fact]
    public async Task Sockjs_websocket_carries_several_stomp_frames_per_message_and_frames_across_messages()
    {
        await using var socket = await WebSocketTestClient.ConnectAsync(server.BaseAddress, $"callcenter/ws/123/{SockJsHttpClient.NewSessionId()}/websocket");
        Assert.Equal("o", await socket.ReceiveAsync());
        var subscribe = Frame("SUBSCRIBE", [("id", "a"), ("destination", "/topic/task/p1")]) + Frame("SUBSCRIBE", [("id", "b"), ("destination", "/topic/task/p1"), ("receipt", "r")]);
        await socket.SendAsync(System.Text.Json.JsonSerializer.Serialize(new[] { Connect(), subscribe[..7] }));
        await socket.SendAsync(System.Text.Json.JsonSerializer.Serialize(new[] { subscribe[7..] }));
        var frames = new List<StompFrame>();
        while (frames.Count < 2) frames.AddRange(SockJsMessages.StompFrames((await socket.ReceiveAsync())!));
        Assert.Equal([StompCommand.Connected, StompCommand.Receipt], frames.Select(f => f.Command));

        await server.Broker.PublishAsync("demo", "/topic/task/p1", "{\"status\":2,\"callTaskCode\":\"t1\"}");
        var messages = new List<StompFrame>();
        while (messages.Count < 2) messages.AddRange(SockJsMessages.StompFrames((await socket.ReceiveAsync())!));
        Assert.Equal(["a", "b"], messages.Select(m => m["subscription"]).Order());
        Assert.All(messages, m => Assert.Equal("1", m["seq"]));
    }

    [Fact]
    public async Task Xhr_streaming_session_receives_stomp_frames_as_sockjs_messages()
    {
        using var client = new SockJsHttpClient(server.SockJsUrl, SockJsHttpClient.NewSessionId());
        using var stream = await client.StreamAsync();
        await stream.ReadFrameAsync();
        Assert.Equal("o", await stream.ReadFrameAsync());
        await client.SendAsync(Connect(), Frame("SUBSCRIBE", [("id", "0"), ("destination", "/topic/bye/1001"), ("receipt", "r")]));
        var frames = new List<StompFrame>();
        while (frames.Count < 2) frames.AddRange(SockJsMessages.StompFrames((await stream.ReadFrameAsync())!));
        Assert.Equal([StompCommand.Connected, StompCommand.Receipt], frames.Select(f => f.Command));

        for (var i = 1; i <= 3; i++) await server.Broker.PublishAsync("demo", "/topic/bye/1001", $"{{\"callId\":\"c{i}\"}}");
        var messages = new List<StompFrame>();
        while (messages.Count < 3) messages.AddRange(SockJsMessages.StompFrames((await stream.ReadFrameAsync())!));
        Assert.Equal(["{\"callId\":\"c1\"}", "{\"callId\":\"c2\"}", "{\"callId\":\"c3\"}"], messages.Select(m => m.BodyText));
        Assert.Equal(["1", "2", "3"], messages.Select(m => m["seq"]));
    }

    [Fact]
    public async Task Xhr_polling_session_receives_what_was_queued_between_polls_in_one_frame()
    {
        using var client = new SockJsHttpClient(server.SockJsUrl, SockJsHttpClient.NewSessionId());
        Assert.Equal("o", await client.PollFrameAsync());
        await client.SendAsync(Connect(), Frame("SUBSCRIBE", [("id", "0"), ("destination", "/topic/invite/1001"), ("receipt", "r")]));
        Assert.Equal([StompCommand.Connected, StompCommand.Receipt], SockJsMessages.StompFrames(await client.PollFrameAsync()).Select(f => f.Command));

        await server.Broker.PublishAsync("demo", "/topic/invite/1001", "{\"telNo\":\"1\"}");
        await server.Broker.PublishAsync("demo", "/topic/invite/1001", "{\"telNo\":\"2\"}");
        var messages = SockJsMessages.StompFrames(await client.PollFrameAsync());
        Assert.Equal(["{\"telNo\":\"1\"}", "{\"telNo\":\"2\"}"], messages.Select(m => m.BodyText));

        await client.SendAsync("SEND\ndestination:/app/bogus\n\n\0");
        var error = SockJsMessages.StompFrames(await client.PollFrameAsync()).Single();
        Assert.Equal("unknown destination '/app/bogus'", error["message"]);
        Assert.Equal("c[1002,\"unknown destination '/app/bogus'\"]", await client.PollFrameAsync());
    }

    [Fact]
    public async Task Sessions_of_one_tenant_never_receive_another_tenants_publications()
    {
        await using var acme = await WebSocketTestClient.ConnectAsync(server.BaseAddress, "callcenter/ws/websocket");
        await acme.SendAsync(Connect(("test-login", "alice"), ("test-passcode", "secret-a")) + Frame("SUBSCRIBE", [("id", "0"), ("destination", "/topic/register/1001"), ("receipt", "r")]));
        using var demo = new SockJsHttpClient(server.SockJsUrl, SockJsHttpClient.NewSessionId());
        Assert.Equal("o", await demo.PollFrameAsync());
        await demo.SendAsync(Connect(), Frame("SUBSCRIBE", [("id", "0"), ("destination", "/topic/register/1001"), ("receipt", "r")]));
        Assert.Equal(2, SockJsMessages.StompFrames(await demo.PollFrameAsync()).Count);
        var acmeFrames = new List<StompFrame>();
        while (acmeFrames.Count < 2) acmeFrames.AddRange(TestClient.ParseServerFrames([(await acme.ReceiveAsync())!]));

        // The other tenant's publication first: were isolation broken, it would come before the session's own.
        await server.Broker.PublishAsync("acme", "/topic/register/1001", "{\"tenant\":\"acme\"}");
        await server.Broker.PublishAsync("demo", "/topic/register/1001", "{\"tenant\":\"demo\"}");
        await server.Broker.PublishAsync("acme", "/topic/register/1001", "{\"tenant\":\"acme\",\"last\":true}");
        Assert.Equal(["{\"tenant\":\"demo\"}"], SockJsMessages.StompFrames(await demo.PollFrameAsync()).Select(f => f.BodyText));
        Assert.Equal("{\"tenant\":\"acme\"}", TestClient.ParseServerFrames([(await acme.ReceiveAsync())!]).Single().BodyText);
        Assert.Equal("{\"tenant\":\"acme\",\"last\":true}", TestClient.ParseServerFrames([(await acme.ReceiveAsync())!]).Single().BodyText);
    }

    [Fact]
    public async Task Unicode_survives_every_layer_in_both_directions()
    {
        const string body = "{\"msg\":\"置闲成功 \u2028 \u00ad \ufeff \ud83d\ude00 \\\" \\\\ :\"}";
        using var client = new SockJsHttpClient(server.SockJsUrl, SockJsHttpClient.NewSessionId());
        Assert.Equal("o", await client.PollFrameAsync());
        await client.SendAsync(Connect(), Frame("SUBSCRIBE", [("id", "0"), ("destination", "/topic/echo/anonymous"), ("receipt", "r")]));
        Assert.Equal(2, SockJsMessages.StompFrames(await client.PollFrameAsync()).Count);
        await client.SendAsync(Frame("SEND", [("destination", "/app/echo"), ("content-length", Encoding.UTF8.GetByteCount(body).ToString())], body));
        var frame = await client.PollFrameAsync();
        Assert.DoesNotContain('\u2028', frame);
        Assert.Equal(body, SockJsMessages.StompFrames(frame).Single().BodyText);
    }
}
