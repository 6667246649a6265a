using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using CallCenter.Dialer;
using CallCenter.Management.Agents;
using CallCenter.Management.CallLogs;
using CallCenter.Telephony;
using CallCenter.Telephony.Simulated;

namespace CallCenter.Dialer.Tests;

/// <summary>Schedule 4 (摘机坐席, off-hook agents) on the simulated network and virtual clock: agents enter off-hook mode
/// by /app/idle workType 20 or by dialling fifo+projectCode, are rung at most once, and customers are joined to them.</summary>
public sealed class OffHookAgentTests
{
    private static PstnProfile Customers() => new()
    {
        AnswerProbability = 0.6,
        BusyProbability = 0.05,
        UnallocatedRate = 0.02,
        RingTime = DurationDistribution.Uniform(TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(10)),
        TalkTime = DurationDistribution.Uniform(TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(50)),
        Patience = DurationDistribution.Never,
    };

    [Fact]
    public async Task Schedule_4_campaign_joins_customers_to_off_hook_agents_rung_once()
    {
        await using var system = await DialerSystem.StartAsync();
        var project = system.Unique("oh");
        var agents = await system.AgentsAsync(project, 5);
        var (viaIdle, viaDial, plain) = (agents[..2], agents[2..4], agents[4]);

        // Every leg the switch creates towards an agent's extension (the originates that ring the phones).
        var rings = new ConcurrentDictionary<string, ConcurrentDictionary<string, byte>>();
        using var subscription = system.Silo.Switch.Subscribe(e =>
        {
            if (e is LegCreated { Direction: LegDirection.Outbound } c && agents.Contains(c.DestinationNumber))
                rings.GetOrAdd(c.DestinationNumber, _ => new()).TryAdd(c.LegId, 0);
            return ValueTask.CompletedTask;
        });

        // (a) /app/idle with workType 20 over STOMP: the system rings the extension once and keeps the leg up.
        await using var stomp = await MiniStomp.OpenAsync(system.Silo.BaseAddress);
        await stomp.SubscribeAsync($"/topic/invite/{viaIdle[0]}");
        foreach (var a in viaIdle) await stomp.SendAndWaitAsync("/app/idle", JsonSerializer.Serialize(new { username = a, projectCode = project, workType = "20" }));
        // Idle again while already off-hook: no second ring.
        await stomp.SendAndWaitAsync("/app/idle", JsonSerializer.Serialize(new { username = viaIdle[0], projectCode = project, workType = "20" }));
        // (b) the agent's phone dials fifo+projectCode.
        foreach (var a in viaDial) system.Silo.Network.PlaceCallFromPhone(a, DialerSystem.Domain, "fifo" + project);
        // A fifo call to another project is refused, and changes nothing.
        var refused = system.Silo.Network.PlaceCallFromPhone(plain, DialerSystem.Domain, "fifo" + project + "x");
        await system.Silo.SettleAsync();
        Assert.Null(system.Silo.Network.GetLeg(refused));

        foreach (var a in agents[..4])
        {
            var s = (await Agent(system, a).GetAsync())!;
            Assert.NotNull(s.OffHookLegId);
            Assert.Equal(AgentWorkStatus.Idle, s.WorkStatus);
            Assert.Equal(AgentSessionStatus.None, s.SessionStatus);
            Assert.Equal(AgentWorkType.LongConnection, s.WorkType);
            Assert.NotNull(system.Silo.Network.GetLeg(s.OffHookLegId!));
        }
        Assert.Null((await Agent(system, plain).GetAsync())!.OffHookLegId);

        var gw = await system.GatewayAsync(30, Customers());
        var numbers = Enumerable.Range(0, 100).Select(i => $"1390000{i:0000}").ToList();
        await system.ImportAsync("list-" + project, numbers);
        var task = system.Unique("t");
        Assert.Equal(1, DialerSystem.Code(await system.CallAsync("/callcenter/callTask/api/submitCallTask/v1", ("callTaskCode", task), ("scheduleType", "4"),
            ("callType", "1"), ("callGWs", $"[{{\"code\":\"{gw}\",\"concurrency\":\"20\"}}]"), ("callListId", "list-" + project),
            ("expiredTime", system.Now.AddDays(1).ToUnixTimeMilliseconds().ToString()), ("projectCode", project), ("rate", "1"),
            ("pacingMode", "progressive"), ("wrapUpSeconds", "2"))));
        Assert.Equal(1, DialerSystem.Code(await system.CallAsync("/callcenter/callTask/api/callTaskStart/v1", ("callTaskCode", task))));

        // Run until the first of viaIdle[1]'s customers is with them, then the agent ends that call (/app/bye): the
        // customer is kicked, the agent stays off-hook.
        string? byeCall = null;
        for (var i = 0; i < 600 && byeCall is null; i++)
        {
            await system.Silo.AdvanceAsync(TimeSpan.FromSeconds(1));
            var s = (await Agent(system, viaIdle[1]).GetAsync())!;
            if (s.SessionStatus == AgentSessionStatus.Talking) byeCall = s.CallId;
        }
        Assert.NotNull(byeCall);
        var offHookLeg = (await Agent(system, viaIdle[1]).GetAsync())!.OffHookLegId!;
        Assert.True((await Agent(system, viaIdle[1]).HangupAsync(byeCall)).Ok);
        await system.Silo.SettleAsync();
        var afterBye = (await Agent(system, viaIdle[1]).GetAsync())!;
        Assert.Equal(offHookLeg, afterBye.OffHookLegId);
        Assert.Equal(AgentSessionStatus.None, afterBye.SessionStatus);
        Assert.NotNull(system.Silo.Network.GetLeg(offHookLeg));

        // Mid-campaign, viaDial[1] hangs up the off-hook leg while a customer is with them: the customer's call ends as an
        // agent hang-up, the agent leaves off-hook mode and gets no more customers.
        var quitter = viaDial[1];
        string? quitCall = null;
        for (var i = 0; i < 600 && quitCall is null; i++)
        {
            await system.Silo.AdvanceAsync(TimeSpan.FromSeconds(1));
            var s = (await Agent(system, quitter).GetAsync())!;
            if (s.SessionStatus == AgentSessionStatus.Talking) quitCall = s.CallId;
        }
        Assert.NotNull(quitCall);
        Assert.True(system.Silo.Network.HangupFarEnd((await Agent(system, quitter).GetAsync())!.OffHookLegId!));
        await system.Silo.SettleAsync();
        var quit = (await Agent(system, quitter).GetAsync())!;
        Assert.Null(quit.OffHookLegId);
        Assert.Equal(AgentWorkStatus.Busy, quit.WorkStatus);
        await system.Silo.AdvanceAsync(TimeSpan.FromSeconds(5));
        var quitterCalls = (await system.LogsAsync(task)).Count(l => l.Record.CallerIdNumber == quitter);

        var status = await system.RunUntilEndedAsync(task, TimeSpan.FromHours(4));
        Assert.Equal(4, status.GetProperty("status").GetInt32());
        var logs = await system.LogsAsync(task);
        Assert.Equal(100, logs.Count);
        Assert.Equal(100, logs.Select(l => l.Record.DestinationNumber).Distinct().Count());
        Assert.Equal(100, status.GetProperty("totalCount").GetInt64());
        Assert.Equal(logs.Count(l => l.Record.Result == CallResults.Success), status.GetProperty("successCount").GetInt64());
        Assert.Equal(logs.Count(l => l.Record.Result == CallResults.Failure), status.GetProperty("failCount").GetInt64());
        Assert.Equal(logs.Count(l => l.Record.Result == CallResults.Missed), status.GetProperty("missCount").GetInt64());
        foreach (var detail in logs.GroupBy(l => l.Record.ResultDetail))
            Assert.Equal(detail.Count(), status.GetProperty("resultDetails").GetProperty(detail.Key.ToString()).GetInt64());

        var talked = logs.Where(l => l.Record.Result == CallResults.Success).ToList();
        Assert.True(talked.Count > 30, $"{talked.Count} customers talked");
        Assert.All(talked, l => Assert.Contains(l.Record.CallerIdNumber, agents[..4]));
        Assert.DoesNotContain(logs, l => l.Record.CallerIdNumber == plain);
        Assert.Contains(talked, l => l.Record.ResultDetail == 55); // the customer hung up first
        var bye = Assert.Single(logs, l => l.Record.CallId == byeCall);
        Assert.Equal((10, 50), (bye.Record.Result, bye.Record.ResultDetail)); // the agent hung up first
        var dropped = Assert.Single(logs, l => l.Record.CallId == quitCall);
        Assert.Equal((10, 50), (dropped.Record.Result, dropped.Record.ResultDetail)); // the agent's side went first
        Assert.Equal(quitterCalls, logs.Count(l => l.Record.CallerIdNumber == quitter));
        Assert.True(logs.Count(l => l.Record.CallerIdNumber == viaIdle[0]) > 3);

        // Rung exactly once each (the /app/idle agents); never rung (the fifo agents, the plain agent).
        Assert.Equal(1, rings.GetValueOrDefault(viaIdle[0])?.Count ?? 0);
        Assert.Equal(1, rings.GetValueOrDefault(viaIdle[1])?.Count ?? 0);
        Assert.Equal(0, rings.GetValueOrDefault(viaDial[0])?.Count ?? 0);
        Assert.Equal(0, rings.GetValueOrDefault(viaDial[1])?.Count ?? 0);
        Assert.Equal(0, rings.GetValueOrDefault(plain)?.Count ?? 0);
        // The agents still off-hook are still connected, between customers.
        foreach (var a in new[] { viaIdle[0], viaIdle[1], viaDial[0] })
        {
            var s = (await Agent(system, a).GetAsync())!;
            Assert.NotNull(s.OffHookLegId);
            Assert.Equal(AgentSessionStatus.None, s.SessionStatus);
        }
        // The client learnt of its customers through the websocket.
        Assert.Contains(task, (await stomp.WaitForMessageAsync($"/topic/invite/{viaIdle[0]}")).Body);
    }

    [Fact]
    public async Task Unanswered_off_hook_ring_and_other_work_types_leave_off_hook_mode()
    {
        await using var system = await DialerSystem.StartAsync();
        var project = system.Unique("oh");
        var agents = await system.AgentsAsync(project, 2);
        var (a, b) = (agents[0], agents[1]);

        // a does not pick up the off-hook ring: a is not available afterwards (and not off-hook).
        system.Silo.Network.SetPhonePolicy(a, DialerSystem.Domain, PhoneAnswerPolicy.Manual());
        Assert.True((await Agent(system, a).SetWorkStatusAsync(AgentWorkStatus.Idle, AgentWorkType.LongConnection, project)).Ok);
        await system.Silo.AdvanceAsync(TimeSpan.FromMinutes(1));
        var sa = (await Agent(system, a).GetAsync())!;
        Assert.Null(sa.OffHookLegId);
        Assert.Equal(AgentWorkStatus.Busy, sa.WorkStatus);

        // b goes off-hook; busy keeps the leg (no customers meanwhile); idle 20 again does not ring again; idle 10 ends it.
        Assert.True((await Agent(system, b).SetWorkStatusAsync(AgentWorkStatus.Idle, AgentWorkType.LongConnection, project)).Ok);
        await system.Silo.SettleAsync();
        var leg = (await Agent(system, b).GetAsync())!.OffHookLegId;
        Assert.NotNull(leg);
        Assert.True((await Agent(system, b).SetWorkStatusAsync(AgentWorkStatus.Busy, AgentWorkType.LongConnection, project)).Ok);
        Assert.True((await Agent(system, b).SetWorkStatusAsync(AgentWorkStatus.Idle, AgentWorkType.LongConnection, project)).Ok);
        await system.Silo.SettleAsync();
        Assert.Equal(leg, (await Agent(system, b).GetAsync())!.OffHookLegId);
        Assert.Single(system.Silo.Network.ListLegs(), l => l.LegId == leg);
        Assert.True((await Agent(system, b).SetWorkStatusAsync(AgentWorkStatus.Idle, AgentWorkType.Direct, project)).Ok);
        await system.Silo.SettleAsync();
        var sb = (await Agent(system, b).GetAsync())!;
        Assert.Null(sb.OffHookLegId);
        Assert.Equal(AgentWorkType.Direct, sb.WorkType);
        Assert.Equal(AgentWorkStatus.Idle, sb.WorkStatus);
        Assert.Null(system.Silo.Network.GetLeg(leg!));
    }

    private static IAgentGrain Agent(DialerSystem system, string username)
        => system.Silo.Grains.GetGrain<IAgentGrain>(IAgentGrain.KeyFor("demo", username));

    /// <summary>Just enough STOMP 1.2 over the raw websocket endpoint for /app commands and one subscription.</summary>
    private sealed class MiniStomp : IAsyncDisposable
    {
        private static readonly TimeSpan Guard = TimeSpan.FromSeconds(30);
        private readonly ClientWebSocket _socket = new();
        private readonly List<(string Command, Dictionary<string, string> Headers, string Body)> _pending = [];
        private int _receipts;

        public static async Task<MiniStomp> OpenAsync(Uri baseAddress)
        {
            var client = new MiniStomp();
            client._socket.Options.AddSubProtocol("v12.stomp");
            using var guard = new CancellationTokenSource(Guard);
            await client._socket.ConnectAsync(new UriBuilder(baseAddress) { Scheme = "ws", Path = "/callcenter/ws/websocket" }.Uri, guard.Token);
            await client.FrameAsync("CONNECT", [("accept-version", "1.2"), ("host", "callcenter"), ("heart-beat", "0,0")]);
            Assert.Equal("CONNECTED", (await client.ReceiveAsync()).Command);
            return client;
        }

        public async Task SubscribeAsync(string destination)
        {
            var receipt = "r" + Interlocked.Increment(ref _receipts);
            await FrameAsync("SUBSCRIBE", [("id", receipt), ("destination", destination), ("receipt", receipt)]);
            await WaitAsync(f => f.Command == "RECEIPT" && f.Headers.GetValueOrDefault("receipt-id") == receipt);
        }

        /// <summary>SEND with a receipt: the command has been handled when the RECEIPT comes.</summary>
        public async Task SendAndWaitAsync(string destination, string body)
        {
            var receipt = "r" + Interlocked.Increment(ref _receipts);
            await FrameAsync("SEND", [("destination", destination), ("content-type", "application/json"), ("receipt", receipt)], body);
            await WaitAsync(f => f.Command == "RECEIPT" && f.Headers.GetValueOrDefault("receipt-id") == receipt);
        }

        public Task<(string Command, Dictionary<string, string> Headers, string Body)> WaitForMessageAsync(string destination)
            => WaitAsync(f => f.Command == "MESSAGE" && f.Headers.GetValueOrDefault("destination") == destination);

        private async Task<(string Command, Dictionary<string, string> Headers, string Body)> WaitAsync(Func<(string Command, Dictionary<string, string> Headers, string Body), bool> match)
        {
            var index = _pending.FindIndex(f => match(f));
            if (index >= 0)
            {
                var found = _pending[index];
                _pending.RemoveAt(index);
                return found;
            }
            while (true)
            {
                var frame = await ReceiveAsync();
                if (frame.Command == "ERROR") throw new InvalidOperationException("STOMP ERROR: " + frame.Body);
                if (match(frame)) return frame;
                _pending.Add(frame);
            }
        }

        private Task FrameAsync(string command, (string, string)[] headers, string body = "")
        {
            var frame = new StringBuilder(command).Append('\n');
            foreach (var (name, value) in headers) frame.Append(name).Append(':').Append(value).Append('\n');
            frame.Append('\n').Append(body).Append('\0');
            return _socket.SendAsync(Encoding.UTF8.GetBytes(frame.ToString()), WebSocketMessageType.Text, true, CancellationToken.None);
        }

        private async Task<(string Command, Dictionary<string, string> Headers, string Body)> ReceiveAsync()
        {
            using var guard = new CancellationTokenSource(Guard);
            var buffer = new byte[64 * 1024];
            while (true)
            {
                var text = new StringBuilder();
                WebSocketReceiveResult result;
                do
                {
                    result = await _socket.ReceiveAsync(buffer, guard.Token);
                    if (result.MessageType == WebSocketMessageType.Close) throw new InvalidOperationException("the server closed the STOMP connection");
                    text.Append(Encoding.UTF8.GetString(buffer, 0, result.Count));
                }
                while (!result.EndOfMessage);
                var raw = text.ToString().TrimStart('\n', '\r');
                if (raw.Length == 0) continue;
                var headerEnd = raw.IndexOf("\n\n", StringComparison.Ordinal);
                var head = raw[..headerEnd].Split('\n');
                var headers = new Dictionary<string, string>();
                foreach (var line in head.Skip(1))
                {
                    var colon = line.IndexOf(':');
                    if (colon > 0) headers.TryAdd(line[..colon], line[(colon + 1)..]);
                }
                return (head[0], headers, raw[(headerEnd + 2)..].TrimEnd('\0', '\n'));
            }
        }

        public async ValueTask DisposeAsync()
        {
            try
            {
                await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "", CancellationToken.None);
            }
            catch (WebSocketException)
            {
            }
            _socket.Dispose();
        }
    }
}
