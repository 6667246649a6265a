using CallCenter.Management.Agents;
using CallCenter.Management.Tests.Support;

namespace CallCenter.Management.Tests;

/// <summary>An agent call on PostgreSQL storage: the call-log row goes through the PostgreSQL dialect of the store and
/// is queried back through the API, after a restart too.</summary>
public sealed class CallLogPostgresTests(PostgresManagementSilo system) : IClassFixture<PostgresManagementSilo>
{
    [Fact]
    public async Task Call_log_is_written_to_and_read_from_postgres()
    {
        await system.GatewayAsync();
        var project = system.Unique("pg");
        var agents = await system.AgentsAsync(project, 1);
        var agent = system.Grains.GetGrain<IAgentGrain>(IAgentGrain.KeyFor("demo", agents[0]));
        var placed = await agent.PlaceCallAsync(new AgentDialRequest(AgentCallKind.Manual, "13712345678", project, CallTaskCode: "pg-task"));
        Assert.True(placed.Ok);
        await system.SettleAsync();
        await system.AnswerAsync(agents[0]);
        await system.AnswerAsync("13712345678");
        await system.AdvanceAsync(TimeSpan.FromSeconds(13));
        Assert.True(system.Network.HangupFarEnd(system.Leg("13712345678").LegId));
        await system.SettleAsync();

        var log = await system.CallLogAsync(placed.Value!);
        Assert.Equal("55", log.GetProperty("resultDetail").GetString());
        Assert.Equal(13, log.GetProperty("billsec").GetInt32());
        Assert.Equal(30m, log.GetProperty("priceCal").GetDecimal());

        var recall = await system.Api.GetAsync("/callcenter/callLog/api/getListByResult/v1", ("callTaskCode", "pg-task"), ("resultDetail", "50,55"), ("recallLastId", "0"));
        Assert.Equal("13712345678", recall.Data.GetProperty("items")[0].GetProperty("destinationNumber").GetString());

        await system.Silo.RestartAsync();
        var api = new SignedApi(system.Silo.Http, ManagementSilo.DemoAccount, ManagementSilo.DemoSecret, () => system.Now);
        var after = await api.GetAsync("/callcenter/callLog/api/getList/v1", ("projectCode", project), ("queryTimeType", "2"),
            ("beginTime", (system.Now - TimeSpan.FromHours(1)).ToUnixTimeMilliseconds().ToString()));
        Assert.Equal(placed.Value, after.Data.GetProperty("items")[0].GetProperty("callId").GetString());
    }
}
