using CallCenter.Edge.Stomp;
using CallCenter.Stomp.Tests.Support;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using static CallCenter.Stomp.Tests.Support.StompHarness;

namespace CallCenter.Stomp.Tests.Session;

/// <summary>The STOMP session's protocol behaviour, on recording channels (no network).</summary>
public sealed class StompSessionTests : IDisposable
{
    private readonly StompHarness _harness = new();

    public void Dispose() => _harness.Dispose();

    [Fact]
    public async Task Connect_answers_connected_with_version_heart_beat_and_session()
    {
        var client = _harness.Open();
        await client.SendAsync(Frame("CONNECT", [("accept-version", "1.0,1.1,1.2"), ("host", "callcenter"), ("heart-beat", "10000,10000")]));
        var connected = Assert.Single(client.Frames);
        Assert.Equal(StompCommand.Connected, connected.Command);
        Assert.Equal("1.2", connected["version"]);
        Assert.Equal("10000,10000", connected["heart-beat"]);
        Assert.Equal(client.Session.Id, connected["session"]);
        Assert.Null(connected["user-name"]);
        Assert.Equal("demo", client.Session.TenantId);
    }

    [Fact]
    public async Task The_stomp_command_connects_too_and_old_clients_get_1_1()
    {
        var client = _harness.Open();
        await client.SendAsync(Frame("STOMP", [("accept-version", "1.1,1.0"), ("heart-beat", "0,0")]));
        Assert.Equal("1.1", Assert.Single(client.Frames)["version"]);
    }

    [Fact]
    public async Task A_client_without_a_common_version_gets_an_error_listing_ours()
    {
        var client = _harness.Open();
        await client.SendAsync(Frame("CONNECT", [("accept-version", "2.0")]));
        var error = await client.ClosedWithErrorAsync();
        Assert.Equal("unsupported protocol version", error["message"]);
        Assert.Equal("1.2,1.1,1.0", error["version"]);
    }

    [Fact]
    public async Task Authenticated_principals_get_their_tenant_and_name()
    {
        var client = _harness.Open();
        await client.SendAsync(Frame("CONNECT", [("accept-version", "1.2"), ("test-login", "alice"), ("test-passcode", "secret-a")]));
        Assert.Equal("alice", Assert.Single(client.Frames)["user-name"]);
        Assert.Equal("acme", client.Session.TenantId);
    }

    [Fact]
    public async Task Without_credentials_and_without_an_anonymous_default_tenant_the_connect_is_refused()
    {
        using var harness = new StompHarness(o => o.DefaultTenant = "acme");
        var client = harness.Open();
        await client.SendAsync(Frame("CONNECT", [("accept-version", "1.2"), ("test-login", "alice"), ("test-passcode", "wrong")]));
        var error = await client.ClosedWithErrorAsync();
        Assert.Equal("authentication required", error["message"]);
        Assert.Equal("text/plain;charset=UTF-8", error["content-type"]);
        Assert.Contains("authentication required", error.BodyText);
    }

    [Fact]
    public async Task No_default_tenant_means_credentials_are_required()
    {
        using var harness = new StompHarness(o => o.DefaultTenant = null);
        var client = harness.Open();
        await client.SendAsync(Frame("CONNECT", [("accept-version", "1.2")]));
        Assert.Equal("authentication required", (await client.ClosedWithErrorAsync())["message"]);
    }

    [Fact]
    public async Task Credentials_an_authenticator_refuses_are_not_downgraded_to_anonymous()
    {
        var client = _harness.Open();
        await client.SendAsync(Frame("CONNECT", [("accept-version", "1.2"), ("test-login", TestAuthenticator.RefusedLogin), ("test-passcode", "x")]));
        Assert.Equal("authentication failed", (await client.ClosedWithErrorAsync())["message"]);
    }

    [Fact]
    public async Task An_authenticator_that_fails_refuses_the_connect()
    {
        using var harness = new StompHarness(configureServices: s => s.AddSingleton<IStompAuthenticator>(new ThrowingAuthenticator()));
        var client = harness.Open();
        await client.SendAsync(Frame("CONNECT", [("accept-version", "1.2")]));
        Assert.Equal("authentication failed", (await client.ClosedWithErrorAsync())["message"]);
    }

    [Fact]
    public async Task Authenticators_are_asked_in_order_and_the_first_principal_wins()
    {
        using var harness = new StompHarness(configureServices: s => s.AddSingleton<IStompAuthenticator>(new EveryoneIs("globex")));
        var alice = harness.Open();
        await alice.SendAsync(Frame("CONNECT", [("accept-version", "1.2"), ("test-login", "alice"), ("test-passcode", "secret-a")]));
        Assert.Equal("acme", alice.Session.TenantId);
        // Declined by the first, claimed by the second: never anonymous in the default tenant.
        var other = harness.Open();
        await other.SendAsync(Frame("CONNECT", [("accept-version", "1.2")]));
        Assert.Equal("globex", other.Session.TenantId);
        Assert.Equal("someone", other.Frames.Single()["user-name"]);
    }

    private sealed class ThrowingAuthenticator : IStompAuthenticator
    {
        public ValueTask<StompPrincipal?> AuthenticateAsync(IReadOnlyDictionary<string, string> connectHeaders, HttpContext http, CancellationToken cancellationToken = default)
            => throw new InvalidOperationException("account store unavailable");
    }

    private sealed class EveryoneIs(string tenantId) : IStompAuthenticator
    {
        public ValueTask<StompPrincipal?> AuthenticateAsync(IReadOnlyDictionary<string, string> connectHeaders, HttpContext http, CancellationToken cancellationToken = default)
            => ValueTask.FromResult<StompPrincipal?>(new StompPrincipal(tenantId, "someone", Anonymous: false));
    }

    [Fact]
    public async Task A_disabled_tenant_is_refused_even_with_valid_credentials()
    {
        var client = _harness.Open();
        await client.SendAsync(Frame("CONNECT", [("accept-version", "1.2"), ("test-login", "mallory"), ("test-passcode", "secret-m")]));
        Assert.Equal("tenant disabled", (await client.ClosedWithErrorAsync())["message"]);
    }

    [Fact]
    public async Task Frames_before_connect_are_refused()
    {
        var client = _harness.Open();
        await client.SendAsync(Frame("SUBSCRIBE", [("id", "0"), ("destination", "/topic/x"), ("receipt", "r1")]));
        var error = await client.ClosedWithErrorAsync();
        Assert.Equal("expected CONNECT or STOMP, got SUBSCRIBE", error["message"]);
        Assert.Equal("r1", error["receipt-id"]);
    }

    [Fact]
    public async Task A_second_connect_is_refused()
    {
        var client = await _harness.ConnectAsync();
        await client.SendAsync(Frame("CONNECT", [("accept-version", "1.2")]));
        Assert.Equal("already connected", (await client.ClosedWithErrorAsync())["message"]);
    }

    [Fact]
    public async Task Invalid_heart_beat_is_refused()
    {
        var client = _harness.Open();
        await client.SendAsync(Frame("CONNECT", [("accept-version", "1.2"), ("heart-beat", "fast")]));
        Assert.StartsWith("invalid heart-beat header", (await client.ClosedWithErrorAsync())["message"]);
    }

    [Fact]
    public async Task Subscribe_then_publish_delivers_a_message_with_subscription_ids_and_sequence_numbers()
    {
        var client = await _harness.ConnectAsync();
        await client.SendAsync(Frame("SUBSCRIBE", [("id", "sub-0"), ("destination", "/topic/call/1001"), ("receipt", "r-1")]));
        Assert.Equal("r-1", Assert.Single(client.Frames)["receipt-id"]);
        client.ClearFrames();

        await _harness.Broker.PublishAsync("demo", "/topic/call/1001", "{\"telNo\":\"13800000000\"}");
        await _harness.Broker.PublishAsync("demo", "/topic/call/1001", "{\"telNo\":\"13900000000\"}");
        var messages = client.Frames;
        Assert.Equal(2, messages.Count);
        Assert.All(messages, m =>
        {
            Assert.Equal(StompCommand.Message, m.Command);
            Assert.Equal("/topic/call/1001", m["destination"]);
            Assert.Equal("sub-0", m["subscription"]);
            Assert.Equal("application/json;charset=UTF-8", m["content-type"]);
            Assert.StartsWith(client.Session.Id + "-", m["message-id"]);
            Assert.Null(m["ack"]);
        });
        Assert.Equal(["1", "2"], messages.Select(m => m["seq"]));
        Assert.Equal(["1", "2"], messages.Select(m => m["pub-seq"]));
        Assert.Equal("{\"telNo\":\"13900000000\"}", messages[1].BodyText);
        Assert.NotEqual(messages[0]["message-id"], messages[1]["message-id"]);
    }

    [Fact]
    public async Task Client_ack_subscriptions_carry_an_ack_header_and_acks_are_accepted()
    {
        var client = await _harness.ConnectAsync();
        await client.SendAsync(Frame("SUBSCRIBE", [("id", "s"), ("destination", "/queue/x"), ("ack", "client-individual")]));
        await _harness.Broker.PublishAsync("demo", "/queue/x", "{}");
        var message = Assert.Single(client.Frames);
        Assert.Equal(message["message-id"], message["ack"]);
        await client.SendAsync(Frame("ACK", [("id", message["ack"]!), ("receipt", "a")]) + Frame("NACK", [("id", "whatever"), ("receipt", "n")]));
        Assert.Equal(["a", "n"], client.Frames.Skip(1).Select(f => f["receipt-id"]));
    }

    [Fact]
    public async Task Unsubscribe_stops_delivery_and_unknown_ids_are_ignored()
    {
        var client = await _harness.ConnectAsync();
        await client.SendAsync(Frame("SUBSCRIBE", [("id", "s"), ("destination", "/topic/x")]));
        await client.SendAsync(Frame("UNSUBSCRIBE", [("id", "s")]) + Frame("UNSUBSCRIBE", [("id", "never"), ("receipt", "u")]));
        await _harness.Broker.PublishAsync("demo", "/topic/x", "{}");
        Assert.Equal("u", Assert.Single(client.Frames)["receipt-id"]);
        Assert.Equal(0, _harness.Broker.SubscriberCount("demo", "/topic/x"));
    }

    [Theory]
    [InlineData("SUBSCRIBE", new[] { "destination", "/topic/x" }, "missing required header 'id' in SUBSCRIBE")]
    [InlineData("SUBSCRIBE", new[] { "id", "1" }, "missing required header 'destination' in SUBSCRIBE")]
    [InlineData("SUBSCRIBE", new[] { "id", "1", "destination", "/app/x" }, "cannot subscribe to '/app/x': only /topic/... and /queue/... destinations")]
    [InlineData("SUBSCRIBE", new[] { "id", "1", "destination", "/topic/x", "ack", "sometimes" }, "invalid ack mode 'sometimes'")]
    [InlineData("SUBSCRIBE", new[] { "id", "1", "destination", "/topic/x", "resume-after", "3" }, "resume needs both resume-epoch and a numeric resume-after")]
    [InlineData("UNSUBSCRIBE", new string[0], "missing required header 'id' in UNSUBSCRIBE")]
    [InlineData("SEND", new string[0], "missing required header 'destination' in SEND")]
    [InlineData("SEND", new[] { "destination", "/app/nobody-serves-this" }, "unknown destination '/app/nobody-serves-this'")]
    [InlineData("SEND", new[] { "destination", "/elsewhere" }, "unknown destination '/elsewhere'")]
    [InlineData("SEND", new[] { "destination", "/topic/call/1001" }, "clients may not send to broker destinations ('/topic/call/1001'); send to /app/... instead")]
    [InlineData("ACK", new string[0], "missing required header 'id' in ACK")]
    [InlineData("BEGIN", new string[0], "missing required header 'transaction' in BEGIN")]
    [InlineData("COMMIT", new[] { "transaction", "t" }, "unknown transaction 't'")]
    [InlineData("ABORT", new[] { "transaction", "t" }, "unknown transaction 't'")]
    [InlineData("SEND", new[] { "destination", "/app/echo", "transaction", "t" }, "unknown transaction 't'")]
    [InlineData("MESSAGE", new[] { "destination", "/topic/x" }, "MESSAGE is a server frame")]
    public async Task Invalid_frames_end_in_an_error_with_a_clear_reason(string command, string[] headerPairs, string reason)
    {
        var client = await _harness.ConnectAsync();
        var headers = headerPairs.Chunk(2).Select(p => (p[0], p[1])).Append(("receipt", "bad"));
        await client.SendAsync(Frame(command, headers));
        var error = await client.ClosedWithErrorAsync();
        Assert.Equal(reason, error["message"]);
        Assert.Equal("bad", error["receipt-id"]);
        Assert.Contains(reason, error.BodyText);
        Assert.True(client.Session.IsClosed);
    }

    [Theory]
    [InlineData("HELLO\n\n\0", "unknown command 'HELLO'")]
    [InlineData("SEND\ndestination:/app/echo\nx:\\t\n\n\0", "invalid escape sequence '\\t' in header 'x'")]
    [InlineData("SUBSCRIBE\nid:1\ndestination:/topic/x\n\nbody\0", "SUBSCRIBE frame must not have a body")]
    public async Task Malformed_frames_end_in_an_error(string text, string reason)
    {
        var client = await _harness.ConnectAsync();
        await client.SendAsync(text);
        Assert.Equal(reason, (await client.ClosedWithErrorAsync())["message"]);
    }

    [Fact]
    public async Task Oversized_frames_end_in_an_error()
    {
        using var harness = new StompHarness(o => o.MaxFrameBytes = 2048);
        var client = await harness.ConnectAsync();
        await client.SendAsync(Frame("SEND", [("destination", "/app/echo")], new string('x', 4096)));
        Assert.Equal("frame too large (at most 2048 bytes)", (await client.ClosedWithErrorAsync())["message"]);
    }

    [Fact]
    public async Task Nothing_is_handled_after_an_error()
    {
        var client = await _harness.ConnectAsync();
        await client.SendAsync(Frame("BOGUS", []) + Frame("SEND", [("destination", "/app/record")], "after"));
        await client.ClosedWithErrorAsync();
        Assert.Empty(_harness.AppHandler.Received);
        await client.SendAsync(Frame("SEND", [("destination", "/app/record")], "later"));
        Assert.Empty(_harness.AppHandler.Received);
    }

    [Fact]
    public async Task Duplicate_subscription_ids_and_too_many_subscriptions_are_refused()
    {
        var client = await _harness.ConnectAsync();
        await client.SendAsync(Frame("SUBSCRIBE", [("id", "a"), ("destination", "/topic/1")]) + Frame("SUBSCRIBE", [("id", "a"), ("destination", "/topic/2")]));
        Assert.Equal("subscription id 'a' is already in use", (await client.ClosedWithErrorAsync())["message"]);

        using var harness = new StompHarness(o => o.MaxSubscriptionsPerSession = 2);
        var other = await harness.ConnectAsync();
        await other.SendAsync(string.Concat(Enumerable.Range(0, 3).Select(i => Frame("SUBSCRIBE", [("id", $"{i}"), ("destination", $"/topic/{i}")]))));
        Assert.Equal("too many subscriptions (at most 2)", (await other.ClosedWithErrorAsync())["message"]);
    }

    [Fact]
    public async Task Sends_to_app_destinations_reach_the_handler_with_tenant_principal_body_and_headers()
    {
        var client = _harness.Open();
        await client.SendAsync(Frame("CONNECT", [("accept-version", "1.2"), ("test-login", "alice"), ("test-passcode", "secret-a")]));
        await client.SendAsync(Frame("SEND", [("destination", "/app/record"), ("content-type", "application/json"), ("receipt", "r")], "{\"username\":\"1001\",\"workType\":\"10\"}"));
        var message = Assert.Single(_harness.AppHandler.Received);
        Assert.Equal(("acme", "alice", "/app/record", "{\"username\":\"1001\",\"workType\":\"10\"}"), (message.TenantId, message.Principal, message.Destination, message.Body));
        Assert.Equal(client.Session.Id, message.SessionId);
        Assert.Equal("application/json", message.Headers["content-type"]);
        Assert.Equal("r", client.Frames.Last()["receipt-id"]);
    }

    [Fact]
    public async Task A_failing_handler_does_not_break_the_connection()
    {
        var client = await _harness.ConnectAsync();
        await client.SendAsync(Frame("SEND", [("destination", "/app/fail"), ("receipt", "f")], "{}"));
        Assert.Equal("f", Assert.Single(client.Frames)["receipt-id"]);
        Assert.False(client.Session.IsClosed);
    }

    [Fact]
    public async Task Relaying_client_sends_to_topics_can_be_enabled_and_stays_within_the_tenant()
    {
        using var harness = new StompHarness(o => o.RelayClientSends = true);
        var sender = await harness.ConnectAsync();
        var listener = await harness.ConnectAsync();
        var elsewhere = harness.Open();
        await elsewhere.SendAsync(Frame("CONNECT", [("accept-version", "1.2"), ("test-login", "alice"), ("test-passcode", "secret-a")]));
        elsewhere.ClearFrames();
        await listener.SendAsync(Frame("SUBSCRIBE", [("id", "1"), ("destination", "/topic/chat")]));
        await elsewhere.SendAsync(Frame("SUBSCRIBE", [("id", "1"), ("destination", "/topic/chat")]));
        await sender.SendAsync(Frame("SEND", [("destination", "/topic/chat")], "{\"hi\":1}"));
        Assert.Equal("{\"hi\":1}", Assert.Single(listener.Frames).BodyText);
        Assert.Empty(elsewhere.Frames);
    }

    [Fact]
    public async Task Transactions_buffer_sends_until_commit_and_drop_them_on_abort()
    {
        var client = await _harness.ConnectAsync();
        await client.SendAsync(
            Frame("BEGIN", [("transaction", "t1")]) +
            Frame("SEND", [("destination", "/app/record"), ("transaction", "t1")], "one") +
            Frame("SEND", [("destination", "/app/record"), ("transaction", "t1")], "two"));
        Assert.Empty(_harness.AppHandler.Received);
        await client.SendAsync(Frame("COMMIT", [("transaction", "t1"), ("receipt", "c")]));
        Assert.Equal(["one", "two"], _harness.AppHandler.Received.Select(m => m.Body));
        await client.SendAsync(
            Frame("BEGIN", [("transaction", "t2")]) +
            Frame("SEND", [("destination", "/app/record"), ("transaction", "t2")], "three") +
            Frame("ABORT", [("transaction", "t2"), ("receipt", "a")]));
        Assert.Equal(2, _harness.AppHandler.Received.Count);
        Assert.Equal(["c", "a"], client.Frames.Select(f => f["receipt-id"]));
        await client.SendAsync(Frame("BEGIN", [("transaction", "t3")]) + Frame("BEGIN", [("transaction", "t3")]));
        Assert.Equal("transaction 't3' already begun", (await client.ClosedWithErrorAsync())["message"]);
    }

    [Fact]
    public async Task Disconnect_sends_the_receipt_last_and_closes()
    {
        var client = await _harness.ConnectAsync();
        await client.SendAsync(Frame("SUBSCRIBE", [("id", "1"), ("destination", "/topic/x")]) + Frame("DISCONNECT", [("receipt", "bye")]));
        await client.Channel.Closed.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal("bye", Assert.Single(client.Frames)["receipt-id"]);
        // Unsubscribing happens off the caller's thread; the broker forgets the session soon after.
        await Eventually.TrueAsync(() => _harness.Broker.SubscriberCount("demo", "/topic/x") == 0, "the session's subscription is gone");
    }

    [Fact]
    public async Task Header_escaping_follows_the_negotiated_version()
    {
        var modern = await _harness.ConnectAsync();
        await modern.SendAsync(Frame("SUBSCRIBE", [("id", "a\\cb"), ("destination", "/topic/x")]));
        await _harness.Broker.PublishAsync("demo", "/topic/x", "{}");
        Assert.Contains("subscription:a\\cb\n", modern.Channel.Sent.Last());

        var old = _harness.Open();
        await old.SendAsync(Frame("CONNECT", [("accept-version", "1.0")]));
        old.ClearFrames();
        await old.SendAsync(Frame("SUBSCRIBE", [("destination", "/topic/y")]));
        await _harness.Broker.PublishAsync("demo", "/topic/y", "{}");
        Assert.Equal("/topic/y", Assert.Single(old.Frames)["subscription"]);
    }

    [Fact]
    public async Task A_silent_client_is_disconnected_per_the_negotiated_heart_beat()
    {
        using var harness = new StompHarness(o => o.HeartbeatReceive = TimeSpan.FromMilliseconds(50));
        var client = harness.Open();
        await client.SendAsync(Frame("CONNECT", [("accept-version", "1.2"), ("heart-beat", "50,0")]));
        Assert.Equal("10000,50", client.Frames[0]["heart-beat"]);
        Assert.StartsWith("no heart-beat from the client", (await client.ClosedWithErrorAsync())["message"]);
    }

    [Fact]
    public async Task The_server_sends_eol_heart_beats_when_idle()
    {
        using var harness = new StompHarness(o => o.HeartbeatSend = TimeSpan.FromMilliseconds(20));
        var client = harness.Open();
        await client.SendAsync(Frame("CONNECT", [("accept-version", "1.2"), ("heart-beat", "0,20")]));
        await Eventually.TrueAsync(() => client.Channel.Sent.Contains("\n"), "a heart-beat EOL was sent");
        Assert.False(client.Session.IsClosed);
    }

    [Fact]
    public async Task A_connection_that_never_connects_is_closed()
    {
        using var harness = new StompHarness(o => o.ConnectTimeout = TimeSpan.FromMilliseconds(20));
        var client = harness.Open();
        Assert.StartsWith("no CONNECT frame within", (await client.ClosedWithErrorAsync())["message"]);
    }
}
