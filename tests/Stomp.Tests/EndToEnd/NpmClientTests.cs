using CallCenter.Stomp.Tests.Support;

namespace CallCenter.Stomp.Tests.EndToEnd;

/// <summary>
/// Real third-party clients: @stomp/stompjs over sockjs-client (websocket, xhr-streaming and xhr-polling transports) and
/// over a plain websocket (ws), each in a node process (tests/wire/stomp-client.mjs) against the running system.
/// </summary>
[Collection(StompSystemCollection.Name)]
public sealed class NpmClientTests(StompServerFixture server)
{
    public static TheoryData<string> Transports => new() { "websocket", "xhr-streaming", "xhr-polling", "raw" };

    private object Options(string transport, object? connectHeaders = null, bool splitLargeFrames = false) => new
    {
        url = transport == "raw" ? new UriBuilder(new Uri(server.BaseAddress, "callcenter/ws/websocket")) { Scheme = "ws" }.Uri.ToString() : server.SockJsUrl.ToString(),
        transport,
        connectHeaders = connectHeaders ?? new { },
        splitLargeFrames,
        chunkSize = 1024,
    };

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task Stompjs_connects_subscribes_receives_publications_in_order_and_round_trips_a_send(string transport)
    {
        await using var client = await NodeStompClient.StartAsync(Options(transport));
        var connected = await client.WaitForAsync("connected");
        Assert.Equal("1.2", connected.Header("version"));
        Assert.Equal("10000,10000", connected.Header("heart-beat"));
        Assert.Equal(transport, (string?)(await client.WaitForAsync("transport"))["name"]);
        if (transport == "raw") Assert.Equal("v12.stomp", (string?)(await client.WaitForAsync("transport"))["protocol"]);

        var topic = $"/topic/call/{transport}";
        await client.CommandAsync(new { op = "subscribe", id = "sub-0", destination = topic, receipt = "r-sub" });
        Assert.Equal("r-sub", (await client.WaitForAsync("receipt")).Header("receipt-id"));

        // Text that needs every kind of escaping on its way: JSON, SockJS (U+2028, U+FEFF), STOMP (NUL inside a body).
        string[] bodies = ["{\"telNo\":\"13800000000\",\"callId\":\"c-1\"}", "{\"data\":\"置闲成功 \u2028\ufeff 😀\"}", "{\"nul\":\"a\u0000b\"}"];
        foreach (var body in bodies) await server.Broker.PublishAsync("demo", topic, body);
        for (var i = 0; i < bodies.Length; i++)
        {
            var message = await client.WaitForMessageAsync(i);
            Assert.Equal(bodies[i], message.Body());
            Assert.Equal(topic, message.Header("destination"));
            Assert.Equal("sub-0", message.Header("subscription"));
            Assert.Equal($"{i + 1}", message.Header("seq"));
            Assert.Equal("application/json;charset=UTF-8", message.Header("content-type"));
        }

        await client.CommandAsync(new { op = "subscribe", id = "echo", destination = "/topic/echo/anonymous" });
        await client.CommandAsync(new { op = "send", destination = "/app/echo", body = "{\"username\":\"1001\",\"workType\":\"10\",\"projectCode\":\"p1\"}" });
        var echo = await client.WaitForMessageAsync(bodies.Length);
        Assert.Equal("{\"username\":\"1001\",\"workType\":\"10\",\"projectCode\":\"p1\"}", echo.Body());
        Assert.Equal("echo", echo.Header("subscription"));

        await client.CommandAsync(new { op = "disconnect" });
        await client.WaitForAsync("closed");
        await client.WaitForExitAsync();
        Assert.DoesNotContain(client.Events, e => (string?)e["event"] == "error");
    }

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task Stompjs_large_frames_split_into_chunks_are_reassembled(string transport)
    {
        await using var client = await NodeStompClient.StartAsync(Options(transport, splitLargeFrames: true));
        await client.WaitForAsync("connected");
        await client.CommandAsync(new { op = "subscribe", id = "echo", destination = "/topic/echo/anonymous", receipt = "r" });
        await client.WaitForAsync("receipt");
        var body = "{\"blob\":\"" + string.Concat(Enumerable.Range(0, 2000).Select(i => $"{i % 10}呼叫")) + "\"}";
        await client.CommandAsync(new { op = "send", destination = "/app/echo", body });
        Assert.Equal(body, (await client.WaitForMessageAsync(0)).Body());
    }

    [Fact]
    public async Task Stompjs_sessions_of_two_tenants_only_see_their_own_tenants_publications()
    {
        await using var demo = await NodeStompClient.StartAsync(Options("websocket"));
        await using var acme = await NodeStompClient.StartAsync(Options("xhr-streaming", new Dictionary<string, string> { ["test-login"] = "alice", ["test-passcode"] = "secret-a" }));
        Assert.Null((await demo.WaitForAsync("connected")).Header("user-name"));
        Assert.Equal("alice", (await acme.WaitForAsync("connected")).Header("user-name"));
        foreach (var client in new[] { demo, acme })
        {
            await client.CommandAsync(new { op = "subscribe", id = "s", destination = "/topic/status/1001", receipt = "r" });
            await client.WaitForAsync("receipt");
        }

        // Each tenant's publication goes first to the other tenant: if isolation failed, it would arrive before the own one.
        await server.Broker.PublishAsync("acme", "/topic/status/1001", "{\"tenant\":\"acme\"}");
        await server.Broker.PublishAsync("demo", "/topic/status/1001", "{\"tenant\":\"demo\"}");
        await server.Broker.PublishAsync("acme", "/topic/status/1001", "{\"tenant\":\"acme\",\"n\":2}");

        Assert.Equal("{\"tenant\":\"demo\"}", (await demo.WaitForMessageAsync(0)).Body());
        Assert.Equal("{\"tenant\":\"acme\"}", (await acme.WaitForMessageAsync(0)).Body());
        Assert.Equal("{\"tenant\":\"acme\",\"n\":2}", (await acme.WaitForMessageAsync(1)).Body());
        // A marker after everything: once the demo client has it, nothing else can still be on its way.
        await server.Broker.PublishAsync("demo", "/topic/status/1001", "{\"marker\":true}");
        await demo.WaitForMessageAsync(1);
        Assert.Equal(["{\"tenant\":\"demo\"}", "{\"marker\":true}"], demo.Messages.Select(m => m.Body()));
    }

    [Fact]
    public async Task Stompjs_gets_the_error_frame_for_a_refused_operation()
    {
        await using var client = await NodeStompClient.StartAsync(Options("xhr-streaming"));
        await client.WaitForAsync("connected");
        await client.CommandAsync(new { op = "send", destination = "/app/nobody-serves-this", body = "{}" });
        var error = await client.WaitForAsync("error");
        Assert.Equal("unknown destination '/app/nobody-serves-this'", error.Header("message"));
        await client.WaitForAsync("closed");
    }
}
