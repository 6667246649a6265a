using System.Text.Json;
using CallCenter.Management.CallLogs;
using CallCenter.Telephony.Simulated;

namespace CallCenter.Dialer.Tests;

/// <summary>Campaigns on the simulated network and virtual clock: they run to completion, and callTaskStatus agrees
/// exactly with the call logs.</summary>
public sealed class CampaignTests
{
    private static PstnProfile Customers(double answer) => new()
    {
        AnswerProbability = answer,
        BusyProbability = 0.05,
        UnallocatedRate = 0.02,
        RingTime = DurationDistribution.Uniform(TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(12)),
        TalkTime = DurationDistribution.Uniform(TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(60)),
        Patience = DurationDistribution.Never,
    };

    private static IEnumerable<string> Numbers(int count, int start = 0) => Enumerable.Range(start, count).Select(i => $"1380000{i:0000}");

    [Theory]
    [InlineData("progressive", "1")]
    [InlineData("fixedRatio", "1")]
    [InlineData("predictive", "1")]
    [InlineData("predictive", "3")]
    public async Task Campaign_runs_to_completion_and_counts_match_the_call_logs(string mode, string schedule)
    {
        await using var system = await DialerSystem.StartAsync();
        var project = system.Unique("p");
        await system.AgentsAsync(project, 8);
        var gw = await system.GatewayAsync(40, Customers(0.5));
        var imported = await system.ImportAsync("list-" + project, Numbers(200).Append("bad-number").Append("13800000001"));
        Assert.Equal(200, imported.GetProperty("data").GetProperty("accepted").GetInt32());
        Assert.Equal(1, imported.GetProperty("data").GetProperty("duplicates").GetInt32());
        Assert.Equal(1, imported.GetProperty("data").GetProperty("rejectedCount").GetInt32());

        var task = system.Unique("t");
        var submitted = await system.CallAsync("/callcenter/callTask/api/submitCallTask/v1", ("callTaskCode", task), ("scheduleType", schedule), ("callType", "1"),
            ("callGWs", $"[{{\"code\":\"{gw}\",\"concurrency\":\"30\"}}]"), ("callListId", "list-" + project),
            ("expiredTime", system.Now.AddDays(1).ToUnixTimeMilliseconds().ToString()), ("projectCode", project), ("rate", "2"), ("pacingMode", mode), ("wrapUpSeconds", "5"));
        Assert.Equal(1, DialerSystem.Code(submitted));
        Assert.Equal(1, DialerSystem.Code(await system.CallAsync("/callcenter/callTask/api/callTaskStart/v1", ("callTaskCode", task))));

        var status = await system.RunUntilEndedAsync(task, TimeSpan.FromHours(4));
        Assert.Equal(4, status.GetProperty("status").GetInt32());
        var logs = await system.LogsAsync(task);
        Assert.Equal(200, logs.Count);
        Assert.Equal(200, logs.Select(l => l.Record.DestinationNumber).Distinct().Count());
        Assert.Equal(200, status.GetProperty("totalCount").GetInt64());
        Assert.Equal(logs.Count(l => l.Record.Result == CallResults.Success), status.GetProperty("successCount").GetInt64());
        Assert.Equal(logs.Count(l => l.Record.Result == CallResults.Failure), status.GetProperty("failCount").GetInt64());
        Assert.Equal(logs.Count(l => l.Record.Result == CallResults.Missed), status.GetProperty("missCount").GetInt64());
        Assert.True(status.GetProperty("successCount").GetInt64() > 50);
        // The envelope is camelCase all through, the measured figures and the last pacing decision included.
        Assert.True(status.GetProperty("statistics").GetProperty("answered").GetInt64() > 0);
        Assert.Equal(mode, status.GetProperty("pacing").GetProperty("mode").GetString(), ignoreCase: true);
        AssertCamelCase(status);
    }

    /// <summary>The demo's softphones take about 3 s to pick up a ringing call, longer than the 2 s an answered customer
    /// waits for an agent. The dialer asks agents' phones to answer by themselves, so customers are connected, not
    /// abandoned with the all-agents-busy message.</summary>
    [Fact]
    public async Task Predictive_campaign_with_the_demo_softphones_connects_its_customers()
    {
        await using var system = await DialerSystem.StartAsync();
        var project = system.Unique("p");
        await system.AgentsAsync(project, 6, new PhoneAnswerPolicy());
        var gw = await system.GatewayAsync(30, Customers(0.5));
        await system.ImportAsync("list-" + project, Numbers(60));
        var task = system.Unique("t");
        Assert.Equal(1, DialerSystem.Code(await system.CallAsync("/callcenter/callTask/api/submitCallTask/v1", ("callTaskCode", task), ("scheduleType", "1"),
            ("callType", "1"), ("callGWs", $"[{{\"code\":\"{gw}\",\"concurrency\":\"20\"}}]"), ("callListId", "list-" + project),
            ("expiredTime", system.Now.AddDays(1).ToUnixTimeMilliseconds().ToString()), ("projectCode", project), ("rate", "2"), ("pacingMode", "predictive"), ("wrapUpSeconds", "5"))));
        Assert.Equal(1, DialerSystem.Code(await system.CallAsync("/callcenter/callTask/api/callTaskStart/v1", ("callTaskCode", task))));

        await system.RunUntilEndedAsync(task, TimeSpan.FromHours(2));
        var logs = await system.LogsAsync(task);
        Assert.Equal(60, logs.Count);
        var connected = logs.Count(l => l.Record.Result == CallResults.Success);
        var abandoned = logs.Count(l => l.Record.ResultDetail == CallResultDetails.AllAgentsBusy);
        Assert.True(connected >= 20, $"{connected} of 60 customers reached an agent");
        Assert.True(abandoned * 10 < connected, $"{abandoned} abandoned against {connected} connected");
    }

    private static void AssertCamelCase(JsonElement element)
    {
        if (element.ValueKind == JsonValueKind.Array) foreach (var item in element.EnumerateArray()) AssertCamelCase(item);
        if (element.ValueKind != JsonValueKind.Object) return;
        foreach (var property in element.EnumerateObject())
        {
            Assert.True(char.IsLower(property.Name[0]) || char.IsDigit(property.Name[0]), $"{property.Name} is not camelCase");
            AssertCamelCase(property.Value);
        }
    }

    [Fact]
    public async Task Blacklisted_numbers_are_never_dialled_and_the_daily_limit_holds()
    {
        await using var system = await DialerSystem.StartAsync();
        var project = system.Unique("p");
        await system.AgentsAsync(project, 4);
        var gw = await system.GatewayAsync(20, Customers(0.4));
        await system.ImportAsync("l1", Numbers(30));
        Assert.Equal(1, DialerSystem.Code(await system.CallAsync("/callcenter/blacklist/api/add/v1", ("numbers", "13800000003,13800000004"))));
        async Task<JsonElement> RunAsync(string task)
        {
            Assert.Equal(1, DialerSystem.Code(await system.CallAsync("/callcenter/callTask/api/submitCallTask/v1", ("callTaskCode", task), ("scheduleType", "1"), ("callType", "1"),
                ("callGWs", $"[{{\"code\":\"{gw}\",\"concurrency\":10}}]"), ("callListId", "l1"), ("expiredTime", system.Now.AddDays(1).ToUnixTimeMilliseconds().ToString()),
                ("projectCode", project), ("rate", "1.5"), ("dailyLimit", "1"))));
            Assert.Equal(1, DialerSystem.Code(await system.CallAsync("/callcenter/callTask/api/callTaskStart/v1", ("callTaskCode", task))));
            return await system.RunUntilEndedAsync(task, TimeSpan.FromHours(2));
        }
        var first = await RunAsync("bl1");
        Assert.Equal(28, first.GetProperty("totalCount").GetInt64());
        Assert.Equal(2, first.GetProperty("skippedBlacklistCount").GetInt64());
        Assert.DoesNotContain(await system.LogsAsync("bl1"), l => l.Record.DestinationNumber is "13800000003" or "13800000004");
        // The same list again the same day: every number already had its one call.
        var second = await RunAsync("bl2");
        Assert.Equal(0, second.GetProperty("totalCount").GetInt64());
        Assert.Equal(28, second.GetProperty("skippedDailyLimitCount").GetInt64());
    }

    [Fact]
    public async Task Pause_resume_live_concurrency_expiry_and_restart_without_double_dial()
    {
        await using var system = await DialerSystem.StartAsync("Sqlite");
        var project = system.Unique("p");
        await system.AgentsAsync(project, 6);
        var gw = await system.GatewayAsync(50, Customers(0.5));
        await system.ImportAsync("lr", Numbers(150));
        const string task = "restart1";
        Assert.Equal(1, DialerSystem.Code(await system.CallAsync("/callcenter/callTask/api/submitCallTask/v1", ("callTaskCode", task), ("scheduleType", "1"), ("callType", "1"),
            ("callGWs", $"[{{\"code\":\"{gw}\",\"concurrency\":2}}]"), ("callListId", "lr"), ("expiredTime", system.Now.AddHours(3).ToUnixTimeMilliseconds().ToString()),
            ("projectCode", project), ("rate", "3"), ("pacingMode", "fixedRatio"))));
        Assert.Equal(1, DialerSystem.Code(await system.CallAsync("/callcenter/callTask/api/callTaskStart/v1", ("callTaskCode", task))));
        await system.Silo.AdvanceAsync(TimeSpan.FromSeconds(20));
        Assert.True((await system.StatusAsync(task)).GetProperty("runningCount").GetInt64() <= 2);

        // Live concurrency change.
        Assert.Equal(1, DialerSystem.Code(await system.CallAsync("/callcenter/callTask/api/setTaskConcurrent/v1", ("callTaskCode", task),
            ("callGWs", $"[{{\"code\":\"{gw}\",\"concurrency\":\"20\"}}]"), ("rate", "3"))));
        await system.Silo.AdvanceAsync(TimeSpan.FromSeconds(3));
        Assert.True((await system.StatusAsync(task)).GetProperty("runningCount").GetInt64() > 2);

        // Pause: nothing new is dialled.
        Assert.Equal(1, DialerSystem.Code(await system.CallAsync("/callcenter/callTask/api/callTaskPause/v1", ("callTaskCode", task))));
        await system.Silo.AdvanceAsync(TimeSpan.FromMinutes(3));
        var paused = await system.StatusAsync(task);
        Assert.Equal(0, paused.GetProperty("runningCount").GetInt64());
        await system.Silo.AdvanceAsync(TimeSpan.FromMinutes(1));
        Assert.Equal(paused.GetProperty("totalCount").GetInt64(), (await system.StatusAsync(task)).GetProperty("totalCount").GetInt64());

        // Resume, then restart the host mid-campaign.
        Assert.Equal(1, DialerSystem.Code(await system.CallAsync("/callcenter/callTask/api/callTaskStart/v1", ("callTaskCode", task))));
        await system.Silo.AdvanceAsync(TimeSpan.FromSeconds(30));
        await system.Silo.RestartAsync();
        // The simulated network of the new process knows no extensions (a real switch keeps them): calls answered after
        // the restart find no agent and are logged as missed, which is fine here: the point is once-and-only-once.
        system.Silo.Network.SetProfile("after", Customers(0.5));
        system.Silo.Network.AssignGatewayProfile($"demo-gw-{gw}", "after");
        var status = await system.RunUntilEndedAsync(task, TimeSpan.FromHours(4));
        Assert.Equal(4, status.GetProperty("status").GetInt32());
        var logs = await system.LogsAsync(task);
        // Every number exactly once: none twice, none skipped.
        Assert.Equal(150, logs.Count);
        Assert.Equal(150, logs.Select(l => l.Record.DestinationNumber).Distinct().Count());
        Assert.Equal(logs.Count(l => l.Record.Result == CallResults.Success), status.GetProperty("successCount").GetInt64());
    }

    [Fact]
    public async Task Expired_task_ends_and_preview_hands_each_number_out_once()
    {
        await using var system = await DialerSystem.StartAsync();
        var project = system.Unique("p");
        await system.AgentsAsync(project, 2);
        var gw = await system.GatewayAsync(5, Customers(0.5));
        await system.ImportAsync("lp", Numbers(10));
        Assert.Equal(1, DialerSystem.Code(await system.CallAsync("/callcenter/callTask/api/submitCallTask/v1", ("callTaskCode", "pv"), ("scheduleType", "3"), ("callType", "2"),
            ("callGWs", $"[{{\"code\":\"{gw}\",\"concurrency\":5}}]"), ("callListId", "lp"), ("expiredTime", system.Now.AddMinutes(5).ToUnixTimeMilliseconds().ToString()),
            ("projectCode", project), ("rate", "1"))));
        Assert.Equal(1, DialerSystem.Code(await system.CallAsync("/callcenter/callTask/api/callTaskStart/v1", ("callTaskCode", "pv"))));
        var a = await system.CallAsync("/callcenter/callTask/api/getCallList/v1", ("callTaskCode", "pv"), ("count", "4"));
        var b = await system.CallAsync("/callcenter/callTask/api/getCallList/v1", ("callTaskCode", "pv"), ("count", "4"));
        var first = a.GetProperty("data").GetProperty("items").EnumerateArray().Select(i => i.GetProperty("phone").GetString()).ToList();
        var second = b.GetProperty("data").GetProperty("items").EnumerateArray().Select(i => i.GetProperty("phone").GetString()).ToList();
        Assert.Equal(4, first.Count);
        Assert.Equal(4, second.Count);
        Assert.Empty(first.Intersect(second));
        await system.Silo.AdvanceAsync(TimeSpan.FromMinutes(6));
        Assert.Equal(4, (await system.StatusAsync("pv")).GetProperty("status").GetInt32());
    }
}
