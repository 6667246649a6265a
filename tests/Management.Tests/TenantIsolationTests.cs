using CallCenter.Management.Tests.Support;

namespace CallCenter.Management.Tests;

/// <summary>A tenant's API account reaches its own projects, extensions, gateways and call logs only.</summary>
public sealed class TenantIsolationTests(ManagementSilo system) : IClassFixture<ManagementSilo>
{
    private const string P = "/callcenter/callProject/api/";

    [Fact]
    public async Task Another_tenant_cannot_read_or_change_a_tenants_objects()
    {
        var project = system.Unique("mine");
        var certificate = await system.CreateProjectAsync(project, 1);
        var agents = await system.AgentsAsync(system.Unique("mine"), 1);
        await system.GatewayAsync();

        Assert.Equal(-1000100, (await system.OtherApi.GetAsync(P + "getExtentionByProject/v1", ("projectCode", project))).Code);
        Assert.Equal(-1000100, (await system.OtherApi.GetAsync(P + "getByCertificate/v1", ("certificate", certificate), ("type", "2"))).Code);
        Assert.Equal(-1000100, (await system.OtherApi.PostAsync(P + "finishProject/v1", ("projectCode", project))).Code);
        Assert.Equal(-1000100, (await system.OtherApi.PostAsync(P + "sendToUser/v1", ("projectCode", project), ("content", "x"))).Code);
        Assert.Equal(-1000102, (await system.OtherApi.PostAsync(P + "setWorkStatus/v1", ("username", agents[0]), ("workStatus", "1"))).Code);
        Assert.Equal(-1000102, (await system.OtherApi.PostAsync(P + "setExtensionStatus/v1", ("username", agents[0]), ("workStatus", "-1"))).Code);
        Assert.Equal(-1000100, (await system.OtherApi.PostAsync(P + "distributionSeat/v1", ("projectCode", project), ("username", agents[0]))).Code);
        var gateways = await system.OtherApi.GetAsync("/freeswitch/gateway/api/getList/v1");
        Assert.Equal(0, gateways.Data.GetProperty("total").GetInt32());
        Assert.Equal(0, (await system.OtherApi.GetAsync("/freeswitch/gateway/api/getAvailableList/v1")).Data.GetArrayLength());

        // The other tenant may use the same project code for its own project.
        var theirs = await system.OtherApi.PostAsync(P + "createProject/v1", ("projectCode", project), ("seats", "1"));
        Assert.Equal(1, theirs.Code);
        var mine = await system.Api.GetAsync(P + "getExtentionByProject/v1", ("projectCode", project));
        Assert.Equal(1, mine.Data.GetArrayLength());
        // Still the demo tenant's project, unchanged.
        Assert.Equal(1, (await system.Api.GetAsync(P + "getByCertificate/v1", ("certificate", certificate), ("type", "2"))).Code);
    }
}
