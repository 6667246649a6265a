using CallCenter.Management.Agents;
using CallCenter.Management.Gateways;
using CallCenter.Management.Tests.Support;

namespace CallCenter.Management.Tests;

public sealed class GatewayTests(ManagementSilo system) : IClassFixture<ManagementSilo>
{
    private const string G = "/freeswitch/gateway/api/";

    /// <summary>A gateway's fields; <paramref name="more"/> adds or replaces (a repeated parameter would be refused).</summary>
    private static (string, string)[] Fields(string name, string status = "1", params (string, string)[] more) =>
    [
        .. new (string Key, string Value)[]
        {
            ("gwName", name), ("registerType", "1"), ("realm", "47.95.236.95:5060"), ("status", status), ("returnVisit", "0"),
            ("username", "trunk-user"), ("password", "trunk-secret"), ("remark", "备注 " + name), ("expectCount", "3"),
        }.Where(f => !more.Any(m => m.Item1 == f.Key)),
        .. more,
    ];

    [Fact]
    public async Task Add_update_and_list_gateways_with_generated_codes_and_no_passwords()
    {
        var first = await system.Api.PostAsync(G + "add/v1", Fields("电信180号段SIM卡", more: [("billType", "2"), ("billsec", "6"), ("price", "10")]));
        Assert.Equal(1, first.Code);
        var id = first.Data.GetProperty("id").GetInt64();
        var code = first.Data.GetProperty("gwCode").GetString()!;
        Assert.Equal((999 + id).ToString(), code);
        var chosen = await system.Api.PostAsync(G + "add/v1", Fields("移动150号段SIM卡", status: "0", more: [("gwCode", "mobile-150")]));
        Assert.Equal("mobile-150", chosen.Data.GetProperty("gwCode").GetString());
        var duplicate = await system.Api.PostAsync(G + "add/v1", Fields("again", more: [("gwCode", "mobile-150")]));
        Assert.Equal(-1000105, duplicate.Code);

        var list = await system.Api.GetAsync(G + "getList/v1", ("pageSize", "100"));
        Assert.Equal(1, list.Code);
        var items = list.Data.GetProperty("items").EnumerateArray().ToList();
        var item = items.Single(i => i.GetProperty("gwCode").GetString() == code);
        Assert.Equal("电信180号段SIM卡", item.GetProperty("gwName").GetString());
        Assert.Equal("备注 电信180号段SIM卡", item.GetProperty("remark").GetString());
        Assert.Equal("6|10.0", item.GetProperty("priceRule").GetString());
        Assert.DoesNotContain("trunk-secret", list.Body);
        Assert.Equal(items.Count, list.Data.GetProperty("total").GetInt32());

        var enabledOnly = await system.Api.GetAsync(G + "getList/v1", ("status", "1"), ("pageSize", "100"));
        Assert.DoesNotContain(enabledOnly.Data.GetProperty("items").EnumerateArray(), i => i.GetProperty("gwCode").GetString() == "mobile-150");
        var byId = await system.Api.GetAsync(G + "getList/v1", ("id", id.ToString()));
        Assert.Equal(code, byId.Data.GetProperty("items")[0].GetProperty("gwCode").GetString());
        var paged = await system.Api.GetAsync(G + "getList/v1", ("pageNum", "2"), ("pageSize", "1"));
        Assert.Single(paged.Data.GetProperty("items").EnumerateArray());

        var updated = await system.Api.PostAsync(G + "update/v1", [("id", id.ToString()), ("gwCode", code), .. Fields("renamed", more: [("expectCount", "7")])]);
        Assert.Equal(1, updated.Code);
        var info = await system.Grains.GetGrain<IGatewayGrain>(IGatewayGrain.KeyFor("demo", code)).GetAsync();
        Assert.Equal("renamed", info!.Settings.GwName);
        Assert.Equal(7, info.Concurrency);
        // A repeated field is refused rather than first- or last-wins (docs/compatibility.md), and changes nothing.
        var repeated = await system.Api.PostAsync(G + "update/v1", [("id", id.ToString()), ("gwCode", code), .. Fields("again"), ("expectCount", "9")]);
        Assert.Equal(-100005, repeated.Code);
        Assert.Equal(7, (await system.Grains.GetGrain<IGatewayGrain>(IGatewayGrain.KeyFor("demo", code)).GetAsync())!.Concurrency);
        Assert.True(info.HasPassword);
        var mismatch = await system.Api.PostAsync(G + "update/v1", [("id", id.ToString()), ("gwCode", "mobile-150"), .. Fields("x")]);
        Assert.Equal(-1000105, mismatch.Code);
    }

    [Fact]
    public async Task Available_list_reports_live_concurrency_and_disabled_gateways_take_no_calls()
    {
        var (code, _) = await system.GatewayAsync(expectCount: 2);
        var project = system.Unique("conc");
        var agents = await system.AgentsAsync(project, 3);
        IAgentGrain Agent(string u) => system.Grains.GetGrain<IAgentGrain>(IAgentGrain.KeyFor("demo", u));

        var calls = new List<string>();
        foreach (var agent in agents.Take(2))
        {
            var placed = await Agent(agent).PlaceCallAsync(new AgentDialRequest(AgentCallKind.Manual, "13812345678", project, GatewayCodes: [code]));
            Assert.True(placed.Ok);
            calls.Add(placed.Value!);
        }
        var available = await system.Api.GetAsync(G + "getAvailableList/v1");
        var line = available.Data.EnumerateArray().Single(g => g.GetProperty("gwCode").GetString() == code);
        Assert.Equal(2, line.GetProperty("concurrency").GetInt32());
        Assert.Equal(2, line.GetProperty("usedConcurrency").GetInt32());
        Assert.Equal(0, line.GetProperty("availableConcurrency").GetInt32());
        Assert.Equal(available.Data.GetArrayLength(), available.Json.GetProperty("total").GetInt32());
        var third = await Agent(agents[2]).PlaceCallAsync(new AgentDialRequest(AgentCallKind.Manual, "13812345679", project, GatewayCodes: [code]));
        Assert.Equal(ManagementError.NoGatewayAvailable, third.Error);

        for (var i = 0; i < 2; i++) Assert.True((await Agent(agents[i]).HangupAsync(calls[i])).Ok);
        await system.SettleAsync();
        available = await system.Api.GetAsync(G + "getAvailableList/v1");
        Assert.Equal(2, available.Data.EnumerateArray().Single(g => g.GetProperty("gwCode").GetString() == code).GetProperty("availableConcurrency").GetInt32());

        // Disabled: no longer listed as available, and no call gets a channel.
        var id = (await system.Grains.GetGrain<IGatewayGrain>(IGatewayGrain.KeyFor("demo", code)).GetAsync())!.Id;
        var disabled = await system.Api.PostAsync(G + "update/v1", ("id", id.ToString()), ("gwCode", code), ("gwName", "off"), ("registerType", "2"),
            ("realm", "carrier.example.com:5060"), ("status", "0"), ("returnVisit", "0"), ("expectCount", "2"));
        Assert.Equal(1, disabled.Code);
        available = await system.Api.GetAsync(G + "getAvailableList/v1");
        Assert.DoesNotContain(available.Data.EnumerateArray(), g => g.GetProperty("gwCode").GetString() == code);
        var refused = await Agent(agents[2]).PlaceCallAsync(new AgentDialRequest(AgentCallKind.Manual, "13812345679", project, GatewayCodes: [code]));
        Assert.Equal(ManagementError.NoGatewayAvailable, refused.Error);
    }

    [Fact]
    public async Task Daily_call_limit_and_balance_are_enforced_when_calls_are_placed()
    {
        var added = await system.Api.PostAsync(G + "add/v1", ("gwName", "limited"), ("registerType", "2"), ("realm", "carrier.example.com"), ("status", "1"),
            ("returnVisit", "0"), ("callLimit", "1"), ("billType", "1"), ("price", "50"), ("accountBalance", "0.4"));
        var code = added.Data.GetProperty("gwCode").GetString()!;
        system.Network.AssignGatewayProfile($"demo-gw-{code}", "manual");
        var gateway = system.Grains.GetGrain<IGatewayGrain>(IGatewayGrain.KeyFor("demo", code));

        var first = await gateway.TryReserveAsync(new GatewayReservationRequest("c1", "13800000000"));
        Assert.True(first.Ok);
        Assert.Equal("0|50.0", first.Value!.PriceRule);
        // Same call again is the same reservation; another call exceeds the day's limit.
        Assert.True((await gateway.TryReserveAsync(new GatewayReservationRequest("c1", "13800000000"))).Ok);
        Assert.Equal(ManagementError.NoGatewayAvailable, (await gateway.TryReserveAsync(new GatewayReservationRequest("c2", "13800000000"))).Error);
        await gateway.ReleaseAsync(new GatewayRelease("c1", 30, 50m));
        Assert.Equal(-0.1m, (await gateway.GetUsageAsync()).AccountBalance);

        // The next day the limit resets, but the balance is used up.
        await system.AdvanceAsync(TimeSpan.FromDays(1));
        Assert.Equal(ManagementError.NoGatewayAvailable, (await gateway.TryReserveAsync(new GatewayReservationRequest("c3", "13800000000"))).Error);
    }
}
