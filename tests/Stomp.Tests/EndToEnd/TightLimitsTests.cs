using System.Net;
using CallCenter.Edge.Stomp;
using CallCenter.Stomp.Tests.Support;
using static CallCenter.Stomp.Tests.Support.StompHarness;

namespace CallCenter.Stomp.Tests.EndToEnd;

/// <summary>Authentication, heart-beats, timeouts and limits, against a system started with
/// <see cref="StompTestSettings.Tight"/> settings.</summary>
[Collection(TightStompSystemCollection.Name)]
public sealed class TightLimitsTests(TightStompServerFixture server)
{
    private static string Connect(string heartBeat = "0,0") => Frame("CONNECT", [("accept-version", "1.2"), ("heart-beat", heartBeat), ("test-login", "alice"), ("test-passcode", "secret-a")]);

    private Task<WebSocketTestClient> RawSocketAsync() => WebSocketTestClient.ConnectAsync(server.BaseAddress, "callcenter/ws/websocket");

    [Fact]
    public async Task Without_credentials_a_tenant_that_refuses_anonymous_sessions_gets_authentication_required()
    {
        await using var socket = await RawSocketAsync();
        await socket.SendAsync(Frame("CONNECT", [("accept-version", "1.2")]));
        var error = TestClient.ParseServerFrames(await socket.ReceiveUntilClosedAsync()).Single();
        Assert.Equal(StompCommand.Error, error.Command);
        Assert.Equal("authentication required", error["message"]);
    }

    [Fact]
    public async Task The_server_sends_heart_beats_at_the_negotiated_interval()
    {
        await using var socket = await RawSocketAsync();
        await socket.SendAsync(Connect(heartBeat: "0,100"));
        Assert.Equal("100,100", TestClient.ParseServerFrames([(await socket.ReceiveAsync())!]).Single()["heart-beat"]);
        Assert.Equal("\n", await socket.ReceiveAsync());
        Assert.Equal("\n", await socket.ReceiveAsync());
    }

    [Fact]
    public async Task A_client_that_promised_heart_beats_and_fell_silent_is_disconnected()
    {
        await using var socket = await RawSocketAsync();
        await socket.SendAsync(Connect(heartBeat: "100,0"));
        var frames = TestClient.ParseServerFrames(await socket.ReceiveUntilClosedAsync());
        Assert.Equal(StompCommand.Connected, frames[0].Command);
        Assert.StartsWith("no heart-beat from the client for ", frames[^1]["message"]);
    }

    [Fact]
    public async Task A_client_that_keeps_sending_heart_beats_stays_connected()
    {
        await using var socket = await RawSocketAsync();
        await socket.SendAsync(Connect(heartBeat: "100,0") + Frame("SUBSCRIBE", [("id", "0"), ("destination", "/topic/alive"), ("receipt", "r")]));
        Assert.Equal(2, TestClient.ParseServerFrames([(await socket.ReceiveAsync())!, (await socket.ReceiveAsync())!]).Count);
        // Ten times the tolerated silence, heart-beating all along.
        for (var i = 0; i < 20; i++)
        {
            await socket.SendAsync("\n");
            await Task.Delay(50);
        }
        await server.Broker.PublishAsync("acme", "/topic/alive", "{}");
        Assert.Equal(StompCommand.Message, TestClient.ParseServerFrames([(await socket.ReceiveAsync())!]).Single().Command);
    }

    [Fact]
    public async Task An_idle_streaming_connection_gets_sockjs_heartbeat_frames()
    {
        using var client = new SockJsHttpClient(server.SockJsUrl, SockJsHttpClient.NewSessionId());
        using var stream = await client.StreamAsync();
        await stream.ReadFrameAsync();
        Assert.Equal("o", await stream.ReadFrameAsync());
        Assert.Equal("h", await stream.ReadFrameAsync());
    }

    [Fact]
    public async Task A_session_nobody_polls_times_out()
    {
        using var client = new SockJsHttpClient(server.SockJsUrl, SockJsHttpClient.NewSessionId());
        Assert.Equal("o", await client.PollFrameAsync());
        await client.SendAsync(Connect());
        // An xhr_send is not a receiving connection: the session still times out, and then is unknown.
        await Eventually.TrueAsync(async () =>
        {
            using var response = await client.SendRawAsync("[]");
            return response.StatusCode == HttpStatusCode.NotFound;
        }, "the session timed out");
    }

    [Fact]
    public async Task A_slow_consumer_is_disconnected_with_an_error_instead_of_queueing_without_limit()
    {
        using var client = new SockJsHttpClient(server.SockJsUrl, SockJsHttpClient.NewSessionId());
        Assert.Equal("o", await client.PollFrameAsync());
        await client.SendAsync(Connect(), Frame("SUBSCRIBE", [("id", "0"), ("destination", "/topic/flood"), ("receipt", "r")]));
        Assert.Equal(2, SockJsMessages.StompFrames(await client.PollFrameAsync()).Count);

        // Nobody polls while 20 messages are published: the queue holds 8.
        for (var i = 0; i < 20; i++) await server.Broker.PublishAsync("acme", "/topic/flood", $"{{\"i\":{i}}}");

        var error = SockJsMessages.StompFrames(await client.PollFrameAsync()).Single();
        Assert.Equal(StompCommand.Error, error.Command);
        Assert.Equal("slow consumer: too many undelivered messages", error["message"]);
        Assert.Equal("c[1008,\"slow consumer: too many undelivered messages\"]", await client.PollFrameAsync());
    }

    [Fact]
    public async Task Frames_over_the_limit_are_refused()
    {
        await using var socket = await RawSocketAsync();
        await socket.SendAsync(Connect());
        await socket.ReceiveAsync();
        await socket.SendAsync(Frame("SEND", [("destination", "/app/echo")], new string('x', 5000)));
        var error = TestClient.ParseServerFrames(await socket.ReceiveUntilClosedAsync()).Single();
        Assert.Equal("frame too large (at most 4096 bytes)", error["message"]);
    }

    [Fact]
    public async Task Sockjs_payloads_over_the_limit_are_refused()
    {
        using var client = new SockJsHttpClient(server.SockJsUrl, SockJsHttpClient.NewSessionId());
        Assert.Equal("o", await client.PollFrameAsync());
        using var response = await client.SendRawAsync("[\"" + new string('x', 20_000) + "\"]");
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task Only_allowed_origins_may_connect_from_a_browser()
    {
        using var http = new HttpClient();
        foreach (var (origin, expected) in new[] { ("http://allowed.example", HttpStatusCode.OK), ("http://evil.example", HttpStatusCode.Forbidden), (null, HttpStatusCode.OK) })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, server.SockJsUrl + "/info");
            if (origin is not null) request.Headers.Add("Origin", origin);
            using var response = await http.SendAsync(request);
            Assert.Equal(expected, response.StatusCode);
        }
        using var xhr = new HttpRequestMessage(HttpMethod.Post, $"{server.SockJsUrl}/000/{SockJsHttpClient.NewSessionId()}/xhr");
        xhr.Headers.Add("Origin", "http://evil.example");
        using var refused = await http.SendAsync(xhr);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
    }

    [Fact]
    public async Task A_streaming_response_ends_after_the_limit_and_the_session_continues_on_the_next()
    {
        using var client = new SockJsHttpClient(server.SockJsUrl, SockJsHttpClient.NewSessionId());
        var stream = await client.StreamAsync();
        try
        {
            await stream.ReadFrameAsync();
            Assert.Equal("o", await stream.ReadFrameAsync());
            await client.SendAsync(Connect(), Frame("SUBSCRIBE", [("id", "0"), ("destination", "/topic/big"), ("receipt", "r")]));
            var frames = new List<StompFrame>();
            while (frames.Count < 2) frames.AddRange(SockJsMessages.StompFrames((await stream.ReadFrameAsync())!));

            // One 1 KiB message at a time; the 4 KiB limit ends the response after a few, and the client reconnects.
            var messages = new List<StompFrame>();
            var responses = 1;
            for (var i = 0; i < 8; i++)
            {
                await server.Broker.PublishAsync("acme", "/topic/big", $"{{\"i\":{i},\"pad\":\"{new string('p', 1000)}\"}}");
                while (messages.Count <= i)
                {
                    var frame = await stream.ReadFrameAsync();
                    if (frame is null)
                    {
                        stream.Dispose();
                        stream = await client.StreamAsync();
                        Assert.Equal(new string('h', 2048), await stream.ReadFrameAsync());
                        responses++;
                        continue;
                    }
                    messages.AddRange(SockJsMessages.StompFrames(frame));
                }
            }
            Assert.True(responses > 1, "the response limit never ended a response");
            Assert.Equal(Enumerable.Range(1, 8).Select(n => n.ToString()), messages.Select(m => m["seq"]));
        }
        finally
        {
            stream.Dispose();
        }
    }
}
