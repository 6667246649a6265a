using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace CallCenter.Telephony.FreeSwitch.Tests;

public sealed class EventSocketClientTests
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(20);

    internal static FreeSwitchOptions OptionsFor(FakeFreeSwitchServer server, string password = "ClueCon", TimeSpan? commandTimeout = null) => new()
    {
        Host = "127.0.0.1",
        Port = server.Port,
        Password = password,
        CommandTimeout = commandTimeout ?? TimeSpan.FromSeconds(10),
        ConnectTimeout = TimeSpan.FromSeconds(5),
        ReconnectInitialDelay = TimeSpan.FromMilliseconds(20),
        ReconnectMaxDelay = TimeSpan.FromMilliseconds(200),
    };

    [Fact]
    public async Task Connects_authenticates_subscribes_and_runs_api_commands()
    {
        var behaviour = new ScriptedFreeSwitch();
        behaviour.OnApi("status", "UP 0 years, 0 days\n");
        await using var server = new FakeFreeSwitchServer(behaviour);
        await using var client = new EventSocketClient(Options.Create(OptionsFor(server)));
        await client.SubscribeAsync("CHANNEL_CREATE CUSTOM sofia::register");
        await client.AddFilterAsync("Event-Name", "CHANNEL_CREATE");
        client.Start();
        await client.WaitUntilConnectedAsync().WaitAsync(Guard);

        Assert.Equal("UP 0 years, 0 days\n", await client.ApiAsync("status").WaitAsync(Guard));
        Assert.Equal(["event json CHANNEL_CREATE CUSTOM sofia::register", "filter Event-Name CHANNEL_CREATE", "api status"],
            server.Commands.Select(c => c.Text));
        var session = await server.WaitForSessionAsync(1);
        Assert.Equal(["json CHANNEL_CREATE CUSTOM sofia::register"], session.Subscriptions);
    }

    [Fact]
    public async Task Bgapi_sends_its_Job_UUID_and_completes_from_the_BACKGROUND_JOB_event()
    {
        var behaviour = new ScriptedFreeSwitch { BackgroundJobResult = _ => "-ERR USER_BUSY\n" };
        await using var server = new FakeFreeSwitchServer(behaviour);
        await using var client = new EventSocketClient(Options.Create(OptionsFor(server)));
        await client.SubscribeAsync("BACKGROUND_JOB");
        client.Start();

        var job = await client.BgApiAsync("originate user/1000@d &park()", "0b0e4f3a-7b1e-4c53-9d52-3b3a1e0c2f11").WaitAsync(Guard);
        var result = await job.Result.WaitAsync(Guard);

        Assert.Equal("0b0e4f3a-7b1e-4c53-9d52-3b3a1e0c2f11", job.JobUuid);
        Assert.Equal("-ERR USER_BUSY\n", result.Body);
        var sent = server.Commands.Single(c => c.Verb == "bgapi");
        Assert.Equal("bgapi originate user/1000@d &park()", sent.Text);
        Assert.Equal("0b0e4f3a-7b1e-4c53-9d52-3b3a1e0c2f11", sent.Headers["Job-UUID"]);
    }

    [Fact]
    public async Task Sendmsg_carries_its_header_lines()
    {
        await using var server = new FakeFreeSwitchServer();
        await using var client = new EventSocketClient(Options.Create(OptionsFor(server)));
        client.Start();

        var reply = await client.SendMsgAsync("leg-1", [new("call-command", "execute"), new("execute-app-name", "answer")]).WaitAsync(Guard);

        Assert.Equal("+OK", reply.ReplyText);
        var sent = server.Commands.Single();
        Assert.Equal("sendmsg leg-1", sent.Text);
        Assert.Equal("execute", sent.Headers["call-command"]);
        Assert.Equal("answer", sent.Headers["execute-app-name"]);
    }

    [Fact]
    public async Task Commands_are_serialized_one_reply_at_a_time()
    {
        var log = new ConcurrentQueue<string>();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var behaviour = new ScriptedFreeSwitch();
        behaviour.OnApi("first", async (command, _) =>
        {
            log.Enqueue("received first");
            await release.Task;
            log.Enqueue("answered first");
            return new FakeReply.Api("+OK 1\n");
        });
        behaviour.OnApi("second", (_, _) =>
        {
            log.Enqueue("received second");
            return ValueTask.FromResult<FakeReply>(new FakeReply.Api("+OK 2\n"));
        });
        await using var server = new FakeFreeSwitchServer(behaviour);
        await using var client = new EventSocketClient(Options.Create(OptionsFor(server)));
        client.Start();
        await client.WaitUntilConnectedAsync().WaitAsync(Guard);

        var first = client.ApiAsync("first");
        var second = client.ApiAsync("second");
        await server.WaitForCommandAsync(c => c.ApiCommand == "first");
        // Give a pipelining client every chance to write the second command early; a serialized one never does.
        await Task.Delay(100);
        release.SetResult();

        Assert.Equal("+OK 1\n", await first.WaitAsync(Guard));
        Assert.Equal("+OK 2\n", await second.WaitAsync(Guard));
        Assert.Equal(["received first", "answered first", "received second"], log);
    }

    [Fact]
    public async Task A_command_timeout_fails_that_command_and_its_late_reply_is_not_taken_for_the_next()
    {
        FakeSession? slowSession = null;
        var behaviour = new ScriptedFreeSwitch();
        behaviour.OnApi("slow", (_, session) =>
        {
            slowSession = session;
            return ValueTask.FromResult<FakeReply>(new FakeReply.Silence());
        });
        behaviour.OnApi("status", async (_, session) =>
        {
            // The switch finally answers the slow command, then this one, in order.
            await session.SendRawAsync("Content-Type: api/response\nContent-Length: 9\n\n+OK late\n");
            return new FakeReply.Api("+OK status\n");
        });
        await using var server = new FakeFreeSwitchServer(behaviour);
        await using var client = new EventSocketClient(Options.Create(OptionsFor(server, commandTimeout: TimeSpan.FromMilliseconds(300))));
        client.Start();
        await client.WaitUntilConnectedAsync().WaitAsync(Guard);

        var timeout = await Assert.ThrowsAsync<EslCommandTimeoutException>(() => client.ApiAsync("slow").WaitAsync(Guard));
        Assert.Equal("api slow", timeout.Command);
        Assert.Equal("+OK status\n", await client.ApiAsync("status").WaitAsync(Guard));
        Assert.True(client.IsConnected);
        Assert.NotNull(slowSession);
    }

    [Fact]
    public async Task A_dropped_connection_fails_the_pending_command_then_reconnects_and_resubscribes()
    {
        var behaviour = new ScriptedFreeSwitch();
        behaviour.OnApi("hang", (_, _) => ValueTask.FromResult<FakeReply>(new FakeReply.Silence()));
        await using var server = new FakeFreeSwitchServer(behaviour);
        await using var client = new EventSocketClient(Options.Create(OptionsFor(server)));
        var changes = new ConcurrentQueue<EventSocketConnectionChange>();
        client.ConnectionChanged = change =>
        {
            changes.Enqueue(change);
            return Task.CompletedTask;
        };
        await client.SubscribeAsync("CHANNEL_CREATE");
        await client.AddFilterAsync("variable_cc_tenant", "t1");
        client.Start();
        await client.WaitUntilConnectedAsync().WaitAsync(Guard);

        var pending = client.ApiAsync("hang");
        await server.WaitForCommandAsync(c => c.ApiCommand == "hang");
        server.DropConnections();

        var failure = await Assert.ThrowsAsync<EslConnectionException>(() => pending.WaitAsync(Guard));
        Assert.Contains("connection closed", failure.Message);
        var second = await server.WaitForSessionAsync(2);
        await server.WaitForCommandAsync(c => c.Session == 2 && c.Verb == "filter");
        Assert.Equal(["event json CHANNEL_CREATE", "filter variable_cc_tenant t1"], server.Commands.Where(c => c.Session == 2).Select(c => c.Text));
        Assert.Equal(["json CHANNEL_CREATE"], second.Subscriptions);
        Assert.Equal("+OK\n", await client.ApiAsync("status").WaitAsync(Guard));
        await WaitUntilAsync(() => changes.Count >= 3);
        Assert.Equal([(true, false), (false, true), (true, true)], changes.Select(c => (c.Connected, c.Reconnected)));
    }

    [Fact]
    public async Task A_refused_password_is_retried_and_never_logged()
    {
        const string wrongPassword = "not-the-Secret-9f2";
        await using var server = new FakeFreeSwitchServer();
        var logger = new TestLogger<EventSocketClient>();
        var options = OptionsFor(server, wrongPassword, commandTimeout: TimeSpan.FromMilliseconds(500));
        await using var client = new EventSocketClient(Options.Create(options), logger);
        client.Start();

        var error = await Assert.ThrowsAsync<EslConnectionException>(() => client.ApiAsync("status").WaitAsync(Guard));
        Assert.Contains("not connected to FreeSWITCH", error.Message);
        Assert.Contains("refused the event-socket password", error.Message);
        await WaitUntilAsync(() => server.SessionCount >= 2);
        Assert.DoesNotContain(logger.Lines, line => line.Contains(wrongPassword, StringComparison.Ordinal));
        Assert.DoesNotContain(wrongPassword, options.ToString());
        Assert.Empty(server.Commands);
    }

    [Fact]
    public async Task Garbage_from_the_switch_drops_the_connection_with_a_protocol_error_and_recovers()
    {
        await using var server = new FakeFreeSwitchServer();
        await using var client = new EventSocketClient(Options.Create(OptionsFor(server)));
        var lost = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        client.ConnectionChanged = change =>
        {
            if (!change.Connected) lost.TrySetResult(change.Reason);
            return Task.CompletedTask;
        };
        await client.SubscribeAsync("ALL");
        client.Start();
        await server.WaitForSessionAsync(1);

        await server.BroadcastRawAsync("this is not an event socket frame\n\n");

        Assert.Contains("protocol error", await lost.Task.WaitAsync(Guard));
        await server.WaitForSessionAsync(2);
        Assert.Equal("+OK\n", await client.ApiAsync("status").WaitAsync(Guard));
    }

    [Fact]
    public async Task An_unreadable_event_body_is_skipped_and_the_connection_stays()
    {
        await using var server = new FakeFreeSwitchServer();
        await using var client = new EventSocketClient(Options.Create(OptionsFor(server)));
        var events = new ConcurrentQueue<EslEvent>();
        client.EventReceived = evt =>
        {
            events.Enqueue(evt);
            return ValueTask.CompletedTask;
        };
        await client.SubscribeAsync("ALL");
        client.Start();
        var session = await server.WaitForSessionAsync(1);

        await session.SendRawAsync("Content-Length: 9\nContent-Type: text/event-json\n\n{broken: ");
        await session.SendEventJsonAsync(new Dictionary<string, string> { ["Event-Name"] = "HEARTBEAT" });

        await WaitUntilAsync(() => !events.IsEmpty);
        Assert.Equal("HEARTBEAT", Assert.Single(events).Name);
        Assert.Equal(1, server.SessionCount);
    }

    [Fact]
    public async Task Stop_says_exit_and_later_commands_fail_clearly()
    {
        await using var server = new FakeFreeSwitchServer();
        var client = new EventSocketClient(Options.Create(OptionsFor(server)));
        client.Start();
        await client.WaitUntilConnectedAsync().WaitAsync(Guard);

        await client.StopAsync().WaitAsync(Guard);

        Assert.Equal("exit", server.Commands.Last().Text);
        var error = await Assert.ThrowsAsync<EslConnectionException>(() => client.ApiAsync("status"));
        Assert.Contains("stopped", error.Message);
        await client.DisposeAsync();
    }

    [Fact]
    public void Command_text_with_line_breaks_is_refused_before_it_reaches_the_wire()
    {
        Assert.Throws<ArgumentException>(() => EslCommandText.Encode("api status\n\nexit", null, null));
        Assert.Throws<ArgumentException>(() => EslCommandText.Encode("sendmsg x", [new("execute-app-arg", "a\nb")], null));
        Assert.Equal("auth ********", EslCommandText.ForLog("auth ClueCon"));
    }

    [Fact]
    public void Reconnect_delays_grow_exponentially_with_jitter_up_to_the_cap()
    {
        var backoff = new ReconnectBackoff(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(2), new Random(7));
        var delays = Enumerable.Range(0, 12).Select(backoff.Delay).ToArray();
        for (var attempt = 0; attempt < delays.Length; attempt++)
        {
            var ceiling = Math.Min(2000, 100 * Math.Pow(2, attempt));
            Assert.InRange(delays[attempt].TotalMilliseconds, ceiling / 2, ceiling);
        }
        Assert.True(delays.Skip(6).All(d => d <= TimeSpan.FromSeconds(2)));
    }

    internal static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + Guard;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("condition not reached");
            await Task.Delay(5);
        }
    }
}
