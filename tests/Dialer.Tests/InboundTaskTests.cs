using System.Text.Json;
using CallCenter.Management.CallLogs;
using CallCenter.Telephony.Simulated;

namespace CallCenter.Dialer.Tests;

/// <summary>Inbound tasks (callType 3 / scheduleType 11) on the simulated network and virtual clock: callers are queued
/// FIFO to agents, abandon (30/28) or time out (30/40), and callTaskStatus agrees with the call logs.</summary>
public sealed class InboundTaskTests
{
    private static PstnProfile Callers(DurationDistribution patience, DurationDistribution talk) => new()
    {
        AnswerProbability = 1,
        BusyProbability = 0,
        UnallocatedRate = 0,
        TalkTime = talk,
        Patience = patience,
    };

    private static async Task<string> SubmitAsync(DialerSystem system, string project, string gw, string number, int queueTimeout, bool start = true)
    {
        var task = system.Unique("in");
        var submitted = await system.CallAsync("/callcenter/callTask/api/submitCallTask/v1", ("callTaskCode", task), ("scheduleType", "11"), ("callType", "3"),
            ("callGWs", $"[{{\"code\":\"{gw}\",\"concurrency\":100}}]"), ("expiredTime", system.Now.AddDays(1).ToUnixTimeMilliseconds().ToString()),
            ("projectCode", project), ("rate", "1"), ("inboundNumbers", number), ("queueTimeout", queueTimeout.ToString()));
        Assert.Equal(1, DialerSystem.Code(submitted));
        if (start) Assert.Equal(1, DialerSystem.Code(await system.CallAsync("/callcenter/callTask/api/callTaskStart/v1", ("callTaskCode", task))));
        return task;
    }

    private static void AssertCountsMatch(JsonElement status, IReadOnlyList<CallLogEntry> logs)
    {
        Assert.Equal(logs.Count, status.GetProperty("totalCount").GetInt64());
        Assert.Equal(logs.Count(l => l.Record.Result == CallResults.Success), status.GetProperty("successCount").GetInt64());
        Assert.Equal(logs.Count(l => l.Record.Result == CallResults.Failure), status.GetProperty("failCount").GetInt64());
        Assert.Equal(logs.Count(l => l.Record.Result == CallResults.Missed), status.GetProperty("missCount").GetInt64());
        var details = status.GetProperty("resultDetails");
        foreach (var group in logs.GroupBy(l => l.Record.ResultDetail))
            Assert.Equal(group.Count(), details.GetProperty(group.Key.ToString()).GetInt64());
    }

    [Fact]
    public async Task Callers_are_served_in_order_abandon_or_time_out_and_counts_match_the_call_logs()
    {
        await using var system = await DialerSystem.StartAsync();
        var project = system.Unique("p");
        var agents = await system.AgentsAsync(project, 1);
        var gw = await system.GatewayAsync(50, Callers(DurationDistribution.Never, DurationDistribution.Fixed(TimeSpan.FromSeconds(20))));
        system.Silo.Network.SetProfile("patient", Callers(DurationDistribution.Never, DurationDistribution.Fixed(TimeSpan.FromSeconds(20))));
        system.Silo.Network.SetProfile("impatient", Callers(DurationDistribution.Fixed(TimeSpan.FromSeconds(5)), DurationDistribution.Fixed(TimeSpan.FromSeconds(20))));
        var task = await SubmitAsync(system, project, gw, "4008001000", queueTimeout: 50);
        var line = $"demo-gw-{gw}";

        // One agent, 20-s talks: A is served at once, B after 20 s, C after 40 s; D gives up after 5 s; E would wait 60 s.
        foreach (var (caller, profile) in new[] { ("1390000001", "patient"), ("1390000002", "patient"), ("1390000003", "patient"), ("1390000004", "impatient"), ("1390000005", "patient") })
        {
            Assert.NotNull(system.Silo.Network.PlaceInboundCall(caller, "4008001000", line, profile));
            await system.Silo.AdvanceAsync(TimeSpan.FromSeconds(1));
        }
        var waiting = await system.StatusAsync(task);
        Assert.Equal(5, waiting.GetProperty("runningCount").GetInt64());
        await system.Silo.AdvanceAsync(TimeSpan.FromMinutes(3));

        var logs = await system.LogsAsync(task);
        Assert.Equal(5, logs.Count);
        string Detail(string caller) => $"{logs.Single(l => l.Record.DestinationNumber == caller).Record.Result}/{logs.Single(l => l.Record.DestinationNumber == caller).Record.ResultDetail}";
        Assert.Equal("10/55", Detail("1390000001"));
        Assert.Equal("10/55", Detail("1390000002"));
        Assert.Equal("10/55", Detail("1390000003"));
        Assert.Equal("30/28", Detail("1390000004"));
        Assert.Equal("30/40", Detail("1390000005"));
        // Served in arrival order by the one agent, each with a recording.
        var served = logs.Where(l => l.Record.Result == CallResults.Success).OrderBy(l => l.Record.EndTime).Select(l => l.Record.DestinationNumber).ToList();
        Assert.Equal(["1390000001", "1390000002", "1390000003"], served);
        Assert.All(logs.Where(l => l.Record.Result == CallResults.Success), l =>
        {
            Assert.Equal(agents[0], l.Record.CallerIdNumber);
            Assert.NotNull(l.Record.RecordingBlobKey);
        });
        var status = await system.StatusAsync(task);
        Assert.Equal(0, status.GetProperty("runningCount").GetInt64());
        AssertCountsMatch(status, logs);

        // The queue's shape went to the tenant's durable event log (gRPC's queue events): it grew while callers
        // arrived, one was being rung at a time, and it ended empty.
        var page = await system.Silo.Grains.GetGrain<CallCenter.Management.Events.ITenantEventLogGrain>(CallCenter.Management.ManagementKeys.EventLog("demo")).ReadAsync(0, 10_000);
        var queue = page.Events.Select(e => e.Event).OfType<CallCenter.Management.Events.InboundQueueChanged>().Where(q => q.CallTaskCode == task).ToList();
        Assert.NotEmpty(queue);
        Assert.True(queue.Max(q => q.Waiting) >= 2, "callers queued behind the one agent");
        Assert.All(queue, q => Assert.InRange(q.Offered, 0, 1));
        Assert.All(queue.Where(q => q.Waiting > 0), q => Assert.NotNull(q.OldestWaitingSince));
        Assert.Equal((0, 0), (queue[^1].Waiting, queue[^1].Offered));
        Assert.Null(queue[^1].OldestWaitingSince);
    }

    [Fact]
    public async Task Inbound_traffic_with_a_few_agents_counts_match_the_call_logs()
    {
        await using var system = await DialerSystem.StartAsync();
        var project = system.Unique("p");
        await system.AgentsAsync(project, 3);
        var profile = Callers(DurationDistribution.Uniform(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(120)),
            DurationDistribution.Uniform(TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(90)));
        var gw = await system.GatewayAsync(60, profile);
        system.Silo.Network.SetProfile("traffic", profile);
        var task = await SubmitAsync(system, project, gw, "4008002000", queueTimeout: 40);
        system.Silo.Network.StartInboundTraffic(new InboundTrafficOptions { Name = "hotline", Number = "4008002000", Gateway = $"demo-gw-{gw}", CallsPerHour = 400, Profile = "traffic" });
        for (var i = 0; i < 30; i++) await system.Silo.AdvanceAsync(TimeSpan.FromMinutes(1));
        Assert.True(system.Silo.Network.StopInboundTraffic("hotline"));
        await system.Silo.AdvanceAsync(TimeSpan.FromMinutes(5));
        Assert.Equal(1, DialerSystem.Code(await system.CallAsync("/callcenter/callTask/api/callTaskEnd/v1", ("callTaskCode", task))));
        var status = await system.RunUntilEndedAsync(task, TimeSpan.FromMinutes(10));
        Assert.Equal(4, status.GetProperty("status").GetInt32());

        var stats = system.Silo.Network.GetInboundTrafficStats("hotline")!;
        var logs = await system.LogsAsync(task);
        Assert.Equal(stats.Arrivals - stats.Blocked, logs.Count);
        Assert.Equal(logs.Count, logs.Select(l => l.Record.CallId).Distinct().Count());
        Assert.Contains(logs, l => l.Record.ResultDetail == CallResultDetails.CustomerHungUpWaiting);
        Assert.Contains(logs, l => l.Record.ResultDetail == CallResultDetails.QueueTimeout);
        Assert.True(logs.Count(l => l.Record.Result == CallResults.Success) > 20);
        AssertCountsMatch(status, logs);

        // Ended: the number is released and callers are refused by the network's router.
        var late = system.Silo.Network.PlaceInboundCall("1390009999", "4008002000", $"demo-gw-{gw}", "traffic");
        await system.Silo.AdvanceAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(logs.Count, (await system.LogsAsync(task)).Count);
        _ = late;
    }

    /// <summary>The queue is persisted with the task and every caller's call in its own grain. After a restart (the new
    /// process's switch has none of the old legs) the restarted task asks each of its callers' calls where it is, and each
    /// call checks its legs against the switch on activation: the talking caller and the waiting ones are logged, promptly
    /// and once, and callTaskStatus still equals the call log.</summary>
    [Fact]
    public async Task After_a_restart_the_queue_is_reconciled_against_the_switch()
    {
        await using var system = await DialerSystem.StartAsync("Sqlite");
        var project = system.Unique("p");
        var agents = await system.AgentsAsync(project, 1);
        var gw = await system.GatewayAsync(50, Callers(DurationDistribution.Never, DurationDistribution.Fixed(TimeSpan.FromMinutes(5))));
        system.Silo.Network.SetProfile("patient", Callers(DurationDistribution.Never, DurationDistribution.Fixed(TimeSpan.FromMinutes(5))));
        var task = await SubmitAsync(system, project, gw, "4008004000", queueTimeout: 600);
        foreach (var caller in new[] { "1390000031", "1390000032", "1390000033" })
        {
            Assert.NotNull(system.Silo.Network.PlaceInboundCall(caller, "4008004000", $"demo-gw-{gw}", "patient"));
            await system.Silo.AdvanceAsync(TimeSpan.FromSeconds(1));
        }
        await system.Silo.AdvanceAsync(TimeSpan.FromSeconds(10));
        // One caller talks with the agent, two wait.
        Assert.Equal(3, (await system.StatusAsync(task)).GetProperty("runningCount").GetInt64());
        Assert.Empty(await system.LogsAsync(task));
        Assert.NotNull((await system.Silo.Grains.GetGrain<CallCenter.Management.Agents.IAgentGrain>(CallCenter.Management.Agents.IAgentGrain.KeyFor("demo", agents[0])).GetAsync())!.CallId);

        await system.Silo.RestartAsync();
        // The task's keep-alive reminder (10 s) brings it back; its callers' calls reconcile when it re-admits them.
        await system.Silo.AdvanceAsync(TimeSpan.FromSeconds(15));

        var logs = await system.LogsAsync(task);
        Assert.Equal(3, logs.Count);
        Assert.Equal(3, logs.Select(l => l.Record.CallId).Distinct().Count());
        var talked = Assert.Single(logs, l => l.Record.Result == CallResults.Success);
        Assert.Equal("1390000031", talked.Record.DestinationNumber);
        Assert.Equal(agents[0], talked.Record.CallerIdNumber);
        Assert.All(logs.Where(l => l.Record.Result != CallResults.Success), l => Assert.Equal(CallResultDetails.CustomerHungUpWaiting, l.Record.ResultDetail));
        var status = await system.StatusAsync(task);
        Assert.Equal(0, status.GetProperty("runningCount").GetInt64());
        AssertCountsMatch(status, logs);

        // The queue's shape went to the tenant's durable event log (gRPC's queue events): it grew while callers
        // arrived, one was being rung at a time, and it ended empty.
        var page = await system.Silo.Grains.GetGrain<CallCenter.Management.Events.ITenantEventLogGrain>(CallCenter.Management.ManagementKeys.EventLog("demo")).ReadAsync(0, 10_000);
        var queue = page.Events.Select(e => e.Event).OfType<CallCenter.Management.Events.InboundQueueChanged>().Where(q => q.CallTaskCode == task).ToList();
        Assert.NotEmpty(queue);
        Assert.True(queue.Max(q => q.Waiting) >= 2, "callers queued behind the one agent");
        Assert.All(queue, q => Assert.InRange(q.Offered, 0, 1));
        Assert.All(queue.Where(q => q.Waiting > 0), q => Assert.NotNull(q.OldestWaitingSince));
        Assert.Equal((0, 0), (queue[^1].Waiting, queue[^1].Offered));
        Assert.Null(queue[^1].OldestWaitingSince);
    }

    [Fact]
    public async Task No_agents_paused_task_and_submit_validation()
    {
        await using var system = await DialerSystem.StartAsync();
        var project = system.Unique("p");
        await system.AgentsAsync(project, 2);
        var gw = await system.GatewayAsync(10, Callers(DurationDistribution.Never, DurationDistribution.Fixed(TimeSpan.FromSeconds(10))));
        var line = $"demo-gw-{gw}";

        // Missing number; mixed callType/scheduleType.
        Assert.NotEqual(1, DialerSystem.Code(await system.CallAsync("/callcenter/callTask/api/submitCallTask/v1", ("callTaskCode", "bad1"), ("scheduleType", "11"), ("callType", "3"),
            ("callGWs", $"[{{\"code\":\"{gw}\",\"concurrency\":1}}]"), ("expiredTime", system.Now.AddDays(1).ToUnixTimeMilliseconds().ToString()), ("projectCode", project), ("rate", "1"))));
        Assert.NotEqual(1, DialerSystem.Code(await system.CallAsync("/callcenter/callTask/api/submitCallTask/v1", ("callTaskCode", "bad2"), ("scheduleType", "1"), ("callType", "3"),
            ("callGWs", $"[{{\"code\":\"{gw}\",\"concurrency\":1}}]"), ("expiredTime", system.Now.AddDays(1).ToUnixTimeMilliseconds().ToString()), ("projectCode", project), ("rate", "1"),
            ("inboundNumbers", "4008003000"))));

        var task = await SubmitAsync(system, project, gw, "4008003000", queueTimeout: 30);
        // Nobody available: the caller hears the information prompt, 30/35.
        Assert.Equal(1, DialerSystem.Code(await system.CallAsync("/callcenter/callProject/api/setWorkStatusByProjectCode/v1", ("projectCode", project), ("workStatus", "0"))));
        system.Silo.Network.PlaceInboundCall("1390000011", "4008003000", line);
        await system.Silo.AdvanceAsync(TimeSpan.FromSeconds(30));
        // Paused: the number stays, callers hear the closed prompt (30/35).
        Assert.Equal(1, DialerSystem.Code(await system.CallAsync("/callcenter/callTask/api/callTaskPause/v1", ("callTaskCode", task))));
        Assert.Equal(1, DialerSystem.Code(await system.CallAsync("/callcenter/callProject/api/setWorkStatusByProjectCode/v1", ("projectCode", project), ("workStatus", "1"))));
        system.Silo.Network.PlaceInboundCall("1390000012", "4008003000", line);
        await system.Silo.AdvanceAsync(TimeSpan.FromSeconds(30));
        // Running again: served.
        Assert.Equal(1, DialerSystem.Code(await system.CallAsync("/callcenter/callTask/api/callTaskStart/v1", ("callTaskCode", task))));
        system.Silo.Network.PlaceInboundCall("1390000013", "4008003000", line);
        await system.Silo.AdvanceAsync(TimeSpan.FromSeconds(60));

        var logs = await system.LogsAsync(task);
        Assert.Equal(3, logs.Count);
        Assert.Equal(CallResultDetails.AllAgentsBusy, logs.Single(l => l.Record.DestinationNumber == "1390000011").Record.ResultDetail);
        Assert.Equal(CallResultDetails.AllAgentsBusy, logs.Single(l => l.Record.DestinationNumber == "1390000012").Record.ResultDetail);
        Assert.Equal(CallResults.Success, logs.Single(l => l.Record.DestinationNumber == "1390000013").Record.Result);
        AssertCountsMatch(await system.StatusAsync(task), logs);

        // A second task cannot take a number in use.
        var other = await SubmitAsync(system, project, gw, "4008003000", queueTimeout: 30, start: false);
        Assert.NotEqual(1, DialerSystem.Code(await system.CallAsync("/callcenter/callTask/api/callTaskStart/v1", ("callTaskCode", other))));
    }
}
