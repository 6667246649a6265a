using CallCenter.Management.Agents;
using CallCenter.Management.CallLogs;
using CallCenter.Management.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace CallCenter.Management.Tests;

public sealed class CallLogTests(ManagementSilo system) : IClassFixture<ManagementSilo>
{
    private const string L = "/callcenter/callLog/api/";

    private ICallLogStore Store => system.Silo.Services.GetRequiredService<ICallLogStore>();

    private CallLogRecord Row(string task, string number, int detail, DateTimeOffset start, string tenant = "demo", string project = "logs") => new(
        tenant, Guid.NewGuid().ToString(), AgentCallKind.Predictive, project, task, "1000", number, null, start, start.AddSeconds(30),
        30, detail is 50 or 55 ? 25 : 0, "6|10.0", detail is 50 or 55 ? 50m : 0m, detail is 50 or 55 ? 10 : 20, detail, null, "NORMAL_CLEARING", "1000");

    [Fact]
    public async Task GetList_pages_newest_first_and_filters_by_project_task_and_time()
    {
        var project = system.Unique("lp");
        var task = system.Unique("lt");
        var t0 = new DateTimeOffset(2026, 1, 5, 1, 0, 0, TimeSpan.Zero); // 09:00 in UTC+8
        for (var i = 0; i < 5; i++) await Store.AppendAsync(Row(task, "1390000000" + i, 55, t0.AddMinutes(i * 10), project: project));
        await Store.AppendAsync(Row("other-task", "13911111111", 20, t0, project: project));

        var page1 = await system.Api.GetAsync(L + "getList/v1", ("projectCode", project), ("callTaskCode", task), ("pageNum", "1"), ("pageSize", "2"));
        Assert.Equal(1, page1.Code);
        Assert.Equal(5, page1.Data.GetProperty("total").GetInt32());
        Assert.Equal(5, page1.Json.GetProperty("total").GetInt32());
        var items = page1.Data.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(2, items.Count);
        Assert.Equal("13900000004", items[0].GetProperty("destinationNumber").GetString());
        Assert.Equal(task, items[0].GetProperty("callTaskCode").GetString());
        Assert.Equal("10", items[0].GetProperty("result").GetString());
        Assert.Equal("55", items[0].GetProperty("resultDetail").GetString());
        Assert.Equal(t0.AddMinutes(40).ToUnixTimeMilliseconds(), items[0].GetProperty("startTimestamp").GetInt64());
        Assert.Equal(25, items[0].GetProperty("billsec").GetInt32());
        Assert.Equal(30, items[0].GetProperty("duration").GetInt32());

        // By start time, local "yyyy-MM-dd HH:mm:ss" (UTC+8) or epoch milliseconds.
        var byStart = await system.Api.GetAsync(L + "getList/v1", ("projectCode", project), ("queryTimeType", "1"), ("beginTime", "2026-01-05 09:10:00"), ("endTime", "2026-01-05 09:30:00"));
        Assert.Equal(3, byStart.Data.GetProperty("total").GetInt32());
        var byEnd = await system.Api.GetAsync(L + "getList/v1", ("projectCode", project), ("queryTimeType", "2"),
            ("beginTime", t0.AddMinutes(40).AddSeconds(30).ToUnixTimeMilliseconds().ToString()));
        Assert.Equal(1, byEnd.Data.GetProperty("total").GetInt32());

        var others = await system.OtherApi.GetAsync(L + "getList/v1", ("projectCode", project));
        Assert.Equal(0, others.Data.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task GetListByResult_lists_a_tasks_numbers_with_the_outcomes_up_to_the_last_id()
    {
        var task = system.Unique("recall");
        var t0 = system.Now;
        var ids = new List<long>();
        ids.Add(await Store.AppendAsync(Row(task, "13700000001", 20, t0)));
        ids.Add(await Store.AppendAsync(Row(task, "13700000002", 25, t0)));
        ids.Add(await Store.AppendAsync(Row(task, "13700000003", 55, t0)));
        ids.Add(await Store.AppendAsync(Row(task, "13700000004", 20, t0)));

        var busy = await system.Api.GetAsync(L + "getListByResult/v1", ("callTaskCode", task), ("resultDetail", "20"), ("recallLastId", ids[2].ToString()));
        Assert.Equal(1, busy.Code);
        Assert.Equal(["13700000001"], busy.Data.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("destinationNumber").GetString()!).ToArray());
        var several = await system.Api.GetAsync(L + "getListByResult/v1", ("callTaskCode", task), ("resultDetail", "20,25"), ("recallLastId", "0"));
        Assert.Equal(3, several.Data.GetProperty("total").GetInt32());
        Assert.Equal(3, several.Json.GetProperty("total").GetInt32());
        var paged = await system.Api.GetAsync(L + "getListByResult/v1", ("callTaskCode", task), ("resultDetail", "20,25"), ("recallLastId", "0"), ("pageNum", "2"), ("pageSize", "2"));
        Assert.Equal(["13700000004"], paged.Data.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("destinationNumber").GetString()!).ToArray());
    }

    [Fact]
    public async Task A_repeated_write_of_the_same_call_is_ignored()
    {
        var row = Row(system.Unique("once"), "13600000000", 55, system.Now);
        var id = await Store.AppendAsync(row);
        Assert.Equal(id, await Store.AppendAsync(row with { ResultDetail = 50 }));
        Assert.Equal(55, (await Store.GetAsync("demo", row.CallId))!.Record.ResultDetail);
    }
}

/// <summary>Call logs are in SQL: they survive a restart of the whole process.</summary>
public sealed class CallLogDurabilityTests
{
    [Fact]
    public async Task Call_logs_survive_a_restart()
    {
        var system = new ManagementSilo();
        await system.InitializeAsync();
        try
        {
            await system.GatewayAsync();
            var project = system.Unique("durable");
            var agents = await system.AgentsAsync(project, 1);
            var agent = system.Grains.GetGrain<IAgentGrain>(IAgentGrain.KeyFor("demo", agents[0]));
            var placed = await agent.PlaceCallAsync(new AgentDialRequest(AgentCallKind.Manual, "13512345678", project));
            await system.SettleAsync();
            await system.AnswerAsync(agents[0]);
            await system.AnswerAsync("13512345678");
            await system.AdvanceAsync(TimeSpan.FromSeconds(3));
            Assert.True((await agent.HangupAsync(placed.Value!)).Ok);
            await system.SettleAsync();
            var before = await system.CallLogAsync(placed.Value!);

            await system.Silo.RestartAsync();
            var after = await new SignedApi(system.Silo.Http, ManagementSilo.DemoAccount, ManagementSilo.DemoSecret, () => system.Now)
                .GetAsync("/callcenter/callLog/api/getList/v1", ("projectCode", project));
            var row = after.Data.GetProperty("items").EnumerateArray().Single();
            Assert.Equal(before.GetProperty("id").GetInt64(), row.GetProperty("id").GetInt64());
            Assert.Equal("50", row.GetProperty("resultDetail").GetString());
            // The project and its agent came back too.
            var extensions = await new SignedApi(system.Silo.Http, ManagementSilo.DemoAccount, ManagementSilo.DemoSecret, () => system.Now)
                .GetAsync("/callcenter/callProject/api/getExtentionByProject/v1", ("projectCode", project));
            Assert.Equal(agents[0], extensions.Data[0].GetProperty("username").GetString());
        }
        finally
        {
            await system.DisposeAsync();
        }
    }
}
