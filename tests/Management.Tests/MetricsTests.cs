using CallCenter.Management.Agents;
using CallCenter.Management.Tests.Support;

namespace CallCenter.Management.Tests;

/// <summary>The Prometheus scrape endpoint after a real call on the simulated network: the project's meters and Orleans'
/// own are exported.</summary>
public sealed class MetricsTests(ManagementSilo system) : IClassFixture<ManagementSilo>
{
    [Fact]
    public async Task Metrics_expose_call_agent_storage_and_orleans_meters_after_a_call()
    {
        await system.GatewayAsync();
        var project = system.Unique("metrics");
        var agent = (await system.AgentsAsync(project, 1))[0];
        var placed = await system.Grains.GetGrain<IAgentGrain>(IAgentGrain.KeyFor("demo", agent))
            .PlaceCallAsync(new AgentDialRequest(AgentCallKind.Manual, "13800138000", project));
        Assert.True(placed.Ok, placed.Error.ToString());
        await system.SettleAsync();
        // The agent declines: the call ends and leaves its call-log row.
        Assert.True(system.Network.HangupFarEnd(system.Leg(agent).LegId));
        await system.SettleAsync();
        await system.CallLogAsync(placed.Value!);

        var response = await system.Silo.Http.GetAsync("metrics");
        response.EnsureSuccessStatusCode();
        var text = await response.Content.ReadAsStringAsync();
        Assert.Contains("callcenter_calls_started_total{", text);
        Assert.Contains("callcenter_calls_completed_total{", text);
        Assert.Contains("kind=\"manual\"", text);
        Assert.Contains("callcenter_calls_active{", text);
        Assert.Contains("callcenter_agents{", text);
        Assert.Contains("callcenter_storage_write_duration_seconds_bucket{", text);
        Assert.Contains("\norleans_", text);
        Assert.Contains("http_server_request_duration_seconds", text);
    }
}
