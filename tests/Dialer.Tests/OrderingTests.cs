using System.Collections.Concurrent;
using CallCenter.Management.Agents;
using CallCenter.Management.CallLogs;
using CallCenter.Telephony;
using CallCenter.Telephony.Simulated;

namespace CallCenter.Dialer.Tests;

/// <summary>
/// Orleans keeps no order between one-way calls, so the dialer's one-way messages may arrive in the reverse of the order
/// they were sent. Each test delivers such messages to the receiving grain directly (through <c>silo.Grains</c>), reversed,
/// and checks that the receiver follows the sender's latest state, not the arrival order (docs/dialer.md, "Ordering").
/// </summary>
public sealed class OrderingTests
{
    /// <summary>The agent grain sends Enter (idle with workType 20) and Leave (another workType) one-way. Delivered
    /// reversed, a late Enter must not ring an agent who has left off-hook mode, and a late Leave must not hang up the
    /// off-hook leg of an agent who has chosen it again.</summary>
    [Fact]
    public async Task Off_hook_enter_and_leave_delivered_in_reverse_follow_the_agent_not_the_arrival()
    {
        await using var system = await DialerSystem.StartAsync();
        var project = system.Unique("oo");
        var agents = await system.AgentsAsync(project, 2);
        var (left, stayed) = (agents[0], agents[1]);
        var rings = new ConcurrentDictionary<string, int>();
        using var subscription = system.Silo.Switch.Subscribe(e =>
        {
            if (e is LegCreated { Direction: LegDirection.Outbound } c && agents.Contains(c.DestinationNumber)) rings.AddOrUpdate(c.DestinationNumber, 1, (_, n) => n + 1);
            return ValueTask.CompletedTask;
        });

        // The first agent went available with workType 20, then chose workType 10: its Leave arrives first, its Enter last.
        Assert.True((await Agent(system, left).SetWorkStatusAsync(AgentWorkStatus.Idle, AgentWorkType.Direct, project)).Ok);
        await system.Silo.SettleAsync();
        var offHook = OffHook(system, left);
        await offHook.LeaveAsync();
        await offHook.EnterAsync(project, DialerSystem.Domain);
        await system.Silo.AdvanceAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(0, rings.GetValueOrDefault(left));
        var l = (await Agent(system, left).GetAsync())!;
        Assert.Null(l.OffHookLegId);
        Assert.Equal(AgentWorkType.Direct, l.WorkType);
        Assert.Equal(AgentWorkStatus.Idle, l.WorkStatus);

        // The second chose workType 10, then went available with workType 20: its Enter arrived first (the leg is up), the
        // stale Leave last.
        Assert.True((await Agent(system, stayed).SetWorkStatusAsync(AgentWorkStatus.Idle, AgentWorkType.LongConnection, project)).Ok);
        await system.Silo.SettleAsync();
        var leg = (await Agent(system, stayed).GetAsync())!.OffHookLegId;
        Assert.NotNull(leg);
        await OffHook(system, stayed).LeaveAsync();
        await system.Silo.AdvanceAsync(TimeSpan.FromSeconds(30));
        var s = (await Agent(system, stayed).GetAsync())!;
        Assert.Equal(leg, s.OffHookLegId);
        Assert.Equal(AgentWorkStatus.Idle, s.WorkStatus);
        Assert.NotNull(system.Silo.Network.GetLeg(leg!));
        Assert.Equal(1, rings.GetValueOrDefault(stayed));
    }

    /// <summary>An inbound call reports to its task one-way: caller waiting, agent released, outcome. Delivered after the
    /// outcome (which was counted), the earlier reports must neither queue the caller again nor offer them to an agent,
    /// and a repeated outcome is not counted twice.</summary>
    [Fact]
    public async Task Inbound_reports_arriving_after_the_callers_outcome_change_nothing()
    {
        await using var system = await DialerSystem.StartAsync();
        var project = system.Unique("oi");
        var agent = (await system.AgentsAsync(project, 1))[0];
        var profile = new PstnProfile { AnswerProbability = 1, BusyProbability = 0, UnallocatedRate = 0, TalkTime = DurationDistribution.Fixed(TimeSpan.FromSeconds(10)), Patience = DurationDistribution.Never };
        var gw = await system.GatewayAsync(10, profile);
        system.Silo.Network.SetProfile("caller", profile);
        var task = system.Unique("in");
        Assert.Equal(1, DialerSystem.Code(await system.CallAsync("/callcenter/callTask/api/submitCallTask/v1", ("callTaskCode", task), ("scheduleType", "11"), ("callType", "3"),
            ("callGWs", $"[{{\"code\":\"{gw}\",\"concurrency\":10}}]"), ("expiredTime", system.Now.AddDays(1).ToUnixTimeMilliseconds().ToString()),
            ("projectCode", project), ("rate", "1"), ("inboundNumbers", "4008009000"), ("queueTimeout", "30"))));
        Assert.Equal(1, DialerSystem.Code(await system.CallAsync("/callcenter/callTask/api/callTaskStart/v1", ("callTaskCode", task))));
        Assert.NotNull(system.Silo.Network.PlaceInboundCall("1390000021", "4008009000", $"demo-gw-{gw}", "caller"));
        await system.Silo.AdvanceAsync(TimeSpan.FromSeconds(30));
        var row = Assert.Single(await system.LogsAsync(task)).Record;
        Assert.Equal((CallResults.Success, 55), (row.Result, row.ResultDetail));
        var rings = 0;
        using var subscription = system.Silo.Switch.Subscribe(e =>
        {
            if (e is LegCreated { Direction: LegDirection.Outbound } c && c.DestinationNumber == agent) Interlocked.Increment(ref rings);
            return ValueTask.CompletedTask;
        });

        // What the call sent, in the reverse of its order: the outcome (again), the agent's release, the caller waiting.
        var key = DialerKeys.Task("demo", task);
        await system.Silo.Grains.GetGrain<IDialTaskGrain>(key).OnCallFinishedAsync(new DialCallOutcome(row.CallId, row.DestinationNumber, row.Result, row.ResultDetail,
            Answered: true, Abandoned: false, Agent: agent, RingSeconds: 0, TalkSeconds: 10, WaitMilliseconds: 0));
        var queue = system.Silo.Grains.GetGrain<IInboundTaskGrain>(key);
        await queue.OnAgentReleasedAsync(new InboundAgentRelease(row.CallId, agent, Talked: false, CallerWaiting: true));
        await queue.OnCallerWaitingAsync(row.CallId);
        await system.Silo.AdvanceAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(0, rings);
        Assert.Null((await Agent(system, agent).GetAsync())!.CallId);
        var status = await system.StatusAsync(task);
        Assert.Equal(1, status.GetProperty("totalCount").GetInt64());
        Assert.Equal(1, status.GetProperty("successCount").GetInt64());
        Assert.Equal(0, status.GetProperty("runningCount").GetInt64());
        Assert.Single(await system.LogsAsync(task));

        // The agent was not marked as having declined anyone: the next caller is served by them.
        Assert.NotNull(system.Silo.Network.PlaceInboundCall("1390000022", "4008009000", $"demo-gw-{gw}", "caller"));
        await system.Silo.AdvanceAsync(TimeSpan.FromSeconds(30));
        var next = Assert.Single(await system.LogsAsync(task), l => l.Record.DestinationNumber == "1390000022").Record;
        Assert.Equal((CallResults.Success, agent), (next.Result, next.CallerIdNumber));
    }

    /// <summary>A dial call reports "customer ready" and, later, its outcome, both one-way. A "customer ready" that arrives
    /// after the outcome must not have the task offer the finished call to an agent (nor count it again).</summary>
    [Fact]
    public async Task Customer_ready_arriving_after_the_calls_outcome_offers_no_agent()
    {
        await using var system = await DialerSystem.StartAsync();
        var project = system.Unique("od");
        var agents = await system.AgentsAsync(project, 1);
        // Nobody answers: each call rings for the ring timeout (30 s), then is logged as not reached.
        var gw = await system.GatewayAsync(10, new PstnProfile { AnswerProbability = 0, BusyProbability = 0, UnallocatedRate = 0, Patience = DurationDistribution.Never });
        await system.ImportAsync("ol-" + project, Enumerable.Range(0, 6).Select(i => $"1390000{i:0000}"));
        var task = system.Unique("t");
        Assert.Equal(1, DialerSystem.Code(await system.CallAsync("/callcenter/callTask/api/submitCallTask/v1", ("callTaskCode", task), ("scheduleType", "1"), ("callType", "1"),
            ("callGWs", $"[{{\"code\":\"{gw}\",\"concurrency\":\"1\"}}]"), ("callListId", "ol-" + project), ("expiredTime", system.Now.AddDays(1).ToUnixTimeMilliseconds().ToString()),
            ("projectCode", project), ("rate", "1"), ("pacingMode", "progressive"))));
        Assert.Equal(1, DialerSystem.Code(await system.CallAsync("/callcenter/callTask/api/callTaskStart/v1", ("callTaskCode", task))));
        await system.Silo.AdvanceAsync(TimeSpan.FromSeconds(45));
        var finished = Assert.Single(await system.LogsAsync(task)).Record;

        // The task is still running (the second call rings); the first call's "ready" comes in after its outcome.
        var dialTask = system.Silo.Grains.GetGrain<IDialTaskGrain>(DialerKeys.Task("demo", task));
        await dialTask.OnCustomerReadyAsync(finished.CallId);
        await dialTask.OnCallFinishedAsync(new DialCallOutcome(finished.CallId, finished.DestinationNumber, finished.Result, finished.ResultDetail,
            Answered: false, Abandoned: false, Agent: null, RingSeconds: 30, TalkSeconds: 0, WaitMilliseconds: 0));
        await system.Silo.SettleAsync();
        Assert.Null((await Agent(system, agents[0]).GetAsync())!.CallId);

        var status = await system.RunUntilEndedAsync(task, TimeSpan.FromMinutes(10));
        var logs = await system.LogsAsync(task);
        Assert.Equal(6, logs.Count);
        Assert.Equal(6, status.GetProperty("totalCount").GetInt64());
        Assert.Equal(6, status.GetProperty("failCount").GetInt64() + status.GetProperty("missCount").GetInt64() + status.GetProperty("successCount").GetInt64());
    }

    private static IAgentGrain Agent(DialerSystem system, string username) => system.Silo.Grains.GetGrain<IAgentGrain>(IAgentGrain.KeyFor("demo", username));

    private static IOffHookAgentGrain OffHook(DialerSystem system, string username) => system.Silo.Grains.GetGrain<IOffHookAgentGrain>(DialerKeys.OffHook("demo", username));
}
