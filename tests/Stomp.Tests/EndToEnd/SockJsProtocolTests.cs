using System.Net;
using System.Text.Json;
using CallCenter.Stomp.Tests.Support;

namespace CallCenter.Stomp.Tests.EndToEnd;

/// <summary>The SockJS server protocol at /callcenter/ws, spoken by hand over real HTTP and websockets.</summary>
[Collection(StompSystemCollection.Name)]
public sealed class SockJsProtocolTests(StompServerFixture server) : IDisposable
{
    private readonly HttpClient _http = new() { Timeout = Eventually.HangGuard };

    public void Dispose() => _http.Dispose();

    private string Url(string path = "") => server.SockJsUrl + path;

    private static string Raw(HttpResponseMessage response, string header)
        => string.Join(", ", response.Headers.NonValidated.TryGetValues(header, out var values) ? values : response.Content.Headers.NonValidated[header]);

    [Fact]
    public async Task Greets_on_the_base_url()
    {
        foreach (var url in new[] { Url(), Url("/") })
        {
            using var response = await _http.GetAsync(url);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("text/plain; charset=UTF-8", response.Content.Headers.ContentType!.ToString());
            Assert.Equal("Welcome to SockJS!\n", await response.Content.ReadAsStringAsync());
        }
    }

    [Fact]
    public async Task Info_announces_websockets_entropy_and_is_not_cached()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, Url("/info"));
        request.Headers.Add("Origin", "http://page.example");
        using var response = await _http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json; charset=UTF-8", response.Content.Headers.ContentType!.ToString());
        Assert.Equal("no-store, no-cache, must-revalidate, max-age=0", Raw(response, "Cache-Control"));
        Assert.Equal("http://page.example", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Equal("true", response.Headers.GetValues("Access-Control-Allow-Credentials").Single());
        Assert.False(response.Headers.Contains("Set-Cookie"));
        var info = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.True(info.GetProperty("websocket").GetBoolean());
        Assert.False(info.GetProperty("cookie_needed").GetBoolean());
        Assert.Equal("*:*", info.GetProperty("origins")[0].GetString());
        var entropy = info.GetProperty("entropy").GetUInt32();

        var again = JsonDocument.Parse(await _http.GetStringAsync(Url("/info"))).RootElement.GetProperty("entropy").GetUInt32();
        Assert.NotEqual(entropy, again);
    }

    [Theory]
    [InlineData("/info", "OPTIONS, GET")]
    [InlineData("/000/abc/xhr", "OPTIONS, POST")]
    [InlineData("/000/abc/xhr_send", "OPTIONS, POST")]
    [InlineData("/000/abc/xhr_streaming", "OPTIONS, POST")]
    public async Task Preflights_are_answered_and_cacheable(string path, string methods)
    {
        foreach (var origin in new string?[] { null, "http://page.example", "null" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Options, Url(path));
            if (origin is not null) request.Headers.Add("Origin", origin);
            request.Headers.Add("Access-Control-Request-Headers", "a, b");
            using var response = await _http.SendAsync(request);
            Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
            Assert.Equal(methods, response.Headers.GetValues("Access-Control-Allow-Methods").Single());
            Assert.Equal(origin is null or "null" ? "*" : origin, response.Headers.GetValues("Access-Control-Allow-Origin").Single());
            Assert.Equal("a, b", response.Headers.GetValues("Access-Control-Allow-Headers").Single());
            Assert.True(int.Parse(response.Headers.GetValues("Access-Control-Max-Age").Single()) > 1_000_000);
            Assert.StartsWith("public, max-age=31536000", Raw(response, "Cache-Control"));
            Assert.NotNull(response.Content.Headers.Expires);
        }
    }

    [Theory]
    [InlineData("/a./b/xhr")]
    [InlineData("/a/b./xhr")]
    [InlineData("/./b/xhr")]
    [InlineData("//b/xhr")]
    [InlineData("/a//xhr")]
    [InlineData("/a/b/eventsource")]
    [InlineData("/a/b/htmlfile")]
    [InlineData("/a/b/jsonp")]
    [InlineData("/a/b/jsonp_send")]
    [InlineData("/iframe.html")]
    [InlineData("/a")]
    [InlineData("/a/b")]
    public async Task Invalid_paths_and_unserved_transports_are_not_found(string path)
    {
        using var response = await _http.PostAsync(Url(path), null);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Wrong_methods_are_refused()
    {
        using var getXhr = await _http.GetAsync(Url("/000/abc/xhr"));
        Assert.Equal(HttpStatusCode.MethodNotAllowed, getXhr.StatusCode);
        using var postWebSocket = await _http.PostAsync(Url("/000/abc/websocket"), null);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, postWebSocket.StatusCode);
        using var plainGetWebSocket = await _http.GetAsync(Url("/000/abc/websocket"));
        Assert.Equal(HttpStatusCode.BadRequest, plainGetWebSocket.StatusCode);
        Assert.Equal("Can \"Upgrade\" only to \"WebSocket\".", await plainGetWebSocket.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Xhr_polling_opens_accepts_sends_and_refuses_a_second_receiver()
    {
        using var client = new SockJsHttpClient(server.SockJsUrl, SockJsHttpClient.NewSessionId());
        var (open, response) = await client.PollAsync();
        Assert.Equal("o", open);
        Assert.Equal("application/javascript; charset=UTF-8", response.Content.Headers.ContentType!.ToString());
        Assert.Equal("*", response.Headers.GetValues("Access-Control-Allow-Origin").Single());

        using (var sent = await client.SendRawAsync("[\"CONNECT\\naccept-version:1.2\\n\\n\\u0000\"]"))
        {
            Assert.Equal(HttpStatusCode.NoContent, sent.StatusCode);
            Assert.Equal("text/plain; charset=UTF-8", sent.Content.Headers.ContentType!.ToString());
            Assert.Equal("no-store, no-cache, must-revalidate, max-age=0", Raw(sent, "Cache-Control"));
        }
        Assert.Equal("CONNECTED", SockJsMessages.StompFrames(await client.PollFrameAsync()).Single().Command.ToString().ToUpperInvariant());

    }

    [Fact]
    public async Task A_poll_while_another_connection_receives_gets_the_2010_close_frame()
    {
        using var client = new SockJsHttpClient(server.SockJsUrl, SockJsHttpClient.NewSessionId());
        using var stream = await client.StreamAsync();
        await stream.ReadFrameAsync();
        // "o" comes from the receiving connection, so it is attached by now.
        Assert.Equal("o", await stream.ReadFrameAsync());
        Assert.Equal("c[2010,\"Another connection still open\"]", await client.PollFrameAsync());
        // The session itself is unharmed.
        await client.SendAsync("CONNECT\naccept-version:1.2\n\n\0");
        Assert.StartsWith("a[\"CONNECTED", await stream.ReadFrameAsync());
    }

    [Fact]
    public async Task Xhr_send_reports_bad_payloads_and_unknown_sessions()
    {
        using var client = new SockJsHttpClient(server.SockJsUrl, SockJsHttpClient.NewSessionId());
        Assert.Equal("o", await client.PollFrameAsync());
        using (var broken = await client.SendRawAsync("[\"x"))
        {
            Assert.Equal(HttpStatusCode.InternalServerError, broken.StatusCode);
            Assert.Equal("Broken JSON encoding.", await broken.Content.ReadAsStringAsync());
        }
        using (var empty = await client.SendRawAsync(""))
        {
            Assert.Equal(HttpStatusCode.InternalServerError, empty.StatusCode);
            Assert.Equal("Payload expected.", await empty.Content.ReadAsStringAsync());
        }
        using var unknown = new SockJsHttpClient(server.SockJsUrl, SockJsHttpClient.NewSessionId());
        using var notFound = await unknown.SendRawAsync("[\"x\"]");
        Assert.Equal(HttpStatusCode.NotFound, notFound.StatusCode);
    }

    [Fact]
    public async Task Xhr_streaming_sends_the_prelude_then_frames_and_refuses_a_second_stream()
    {
        using var client = new SockJsHttpClient(server.SockJsUrl, SockJsHttpClient.NewSessionId());
        using var stream = await client.StreamAsync();
        Assert.Equal("application/javascript; charset=UTF-8", stream.Response.Content.Headers.ContentType!.ToString());
        Assert.Equal(new string('h', 2048), await stream.ReadFrameAsync());
        Assert.Equal("o", await stream.ReadFrameAsync());

        using (var second = await client.StreamAsync())
        {
            Assert.Equal(new string('h', 2048), await second.ReadFrameAsync());
            Assert.Equal("c[2010,\"Another connection still open\"]", await second.ReadFrameAsync());
            Assert.Null(await second.ReadFrameAsync());
        }

        await client.SendAsync("CONNECT\naccept-version:1.2\n\n\0");
        Assert.Equal("CONNECTED", SockJsMessages.Unwrap((await stream.ReadFrameAsync())!).Single().Split('\n')[0]);
    }

    [Fact]
    public async Task A_closed_session_answers_its_close_frame_to_every_request()
    {
        using var client = new SockJsHttpClient(server.SockJsUrl, SockJsHttpClient.NewSessionId());
        Assert.Equal("o", await client.PollFrameAsync());
        await client.SendAsync("CONNECT\naccept-version:1.2\n\n\0", "DISCONNECT\nreceipt:bye\n\n\0");
        var frames = SockJsMessages.StompFrames(await client.PollFrameAsync());
        Assert.Equal(["CONNECTED", "RECEIPT"], frames.Select(f => f.Command.ToString().ToUpperInvariant()));
        Assert.Equal("c[3000,\"Go away!\"]", await client.PollFrameAsync());
        Assert.Equal("c[3000,\"Go away!\"]", await client.PollFrameAsync());
        using var send = await client.SendRawAsync("[\"x\"]");
        Assert.Equal(HttpStatusCode.NotFound, send.StatusCode);
    }

    [Fact]
    public async Task Websocket_transport_frames_messages_and_ignores_empty_ones()
    {
        await using var socket = await WebSocketTestClient.ConnectAsync(server.BaseAddress, $"callcenter/ws/000/{SockJsHttpClient.NewSessionId()}/websocket");
        Assert.Equal("o", await socket.ReceiveAsync());
        await socket.SendAsync("");
        // Both a single string and an array are accepted on this transport.
        await socket.SendAsync("\"CONNECT\\naccept-version:1.2\\n\\n\\u0000\"");
        Assert.Equal("CONNECTED", SockJsMessages.StompFrames((await socket.ReceiveAsync())!).Single().Command.ToString().ToUpperInvariant());
        await socket.SendAsync("[\"SUBSCRIBE\\nid:0\\ndestination:/topic/ws\\nreceipt:r\\n\\n\\u0000\"]");
        Assert.Equal("r", SockJsMessages.StompFrames((await socket.ReceiveAsync())!).Single()["receipt-id"]);
        await server.Broker.PublishAsync("demo", "/topic/ws", "{\"text\":\"置闲成功\\u2028\"}");
        var message = (await socket.ReceiveAsync())!;
        Assert.Contains("\\u2028", message);
        Assert.Equal("{\"text\":\"置闲成功\\u2028\"}", SockJsMessages.StompFrames(message).Single().BodyText);
    }

    [Fact]
    public async Task Websocket_transport_closes_on_broken_framing()
    {
        await using var socket = await WebSocketTestClient.ConnectAsync(server.BaseAddress, $"callcenter/ws/000/{SockJsHttpClient.NewSessionId()}/websocket");
        Assert.Equal("o", await socket.ReceiveAsync());
        await socket.SendAsync("[\"CONNECT");
        var frames = await socket.ReceiveUntilClosedAsync();
        Assert.Equal("broken SockJS framing: expected a JSON array of strings", SockJsMessages.StompFrames(frames[0]).Single()["message"]);
        Assert.Equal(["c[1002,\"broken SockJS framing: expected a JSON array of strings\"]"], frames[1..]);
    }

    [Fact]
    public async Task Websocket_sessions_may_share_an_id()
    {
        var id = SockJsHttpClient.NewSessionId();
        await using var first = await WebSocketTestClient.ConnectAsync(server.BaseAddress, $"callcenter/ws/000/{id}/websocket");
        await using var second = await WebSocketTestClient.ConnectAsync(server.BaseAddress, $"callcenter/ws/000/{id}/websocket");
        Assert.Equal("o", await first.ReceiveAsync());
        Assert.Equal("o", await second.ReceiveAsync());
    }
}
