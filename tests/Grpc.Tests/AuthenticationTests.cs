using CallCenter.Grpc.V1;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Reflection.V1Alpha;

namespace CallCenter.Grpc.Tests;

/// <summary>Credentials in metadata, tenant isolation on every service, health and reflection.</summary>
[Collection(GrpcCollection.Name)]
public sealed class AuthenticationTests(GrpcSystem system)
{
    [Fact]
    public async Task Calls_without_valid_credentials_are_UNAUTHENTICATED_and_change_nothing()
    {
        var code = system.Unique("ap");
        var anonymous = new Clients(system.Channel().CreateCallInvoker());
        await GrpcAssert.FailsAsync(StatusCode.Unauthenticated, "UNAUTHENTICATED",
            async () => await anonymous.Projects.CreateProjectAsync(new CreateProjectRequest { ProjectCode = code, Seats = 1 }));
        var wrongSecret = system.Signed(GrpcSystem.DemoAccount, "not-the-secret");
        await GrpcAssert.FailsAsync(StatusCode.Unauthenticated, "UNAUTHENTICATED",
            async () => await wrongSecret.Projects.CreateProjectAsync(new CreateProjectRequest { ProjectCode = code, Seats = 1 }));
        var stale = system.WithHeaders(("account", GrpcSystem.DemoAccount), ("timestamp", "1500000000000"), ("sign", new string('0', 32)));
        await GrpcAssert.FailsAsync(StatusCode.Unauthenticated, "UNAUTHENTICATED",
            async () => await stale.Projects.ListProjectsAsync(new ListProjectsRequest()));
        var badKey = system.WithHeaders(("x-api-key", "no-such-key"));
        await GrpcAssert.FailsAsync(StatusCode.Unauthenticated, "UNAUTHENTICATED",
            async () => await badKey.Projects.ListProjectsAsync(new ListProjectsRequest()));
        // Streams too.
        await GrpcAssert.FailsAsync(StatusCode.Unauthenticated, "UNAUTHENTICATED", async () =>
        {
            using var call = anonymous.Events.Subscribe(new SubscribeRequest());
            await call.ResponseStream.MoveNext();
        });

        var listed = await system.Demo.Projects.ListProjectsAsync(new ListProjectsRequest());
        Assert.DoesNotContain(listed.Projects, p => p.ProjectCode == code);
    }

    [Fact]
    public async Task The_tenant_API_key_authenticates_as_the_tenant()
    {
        var code = system.Unique("ap");
        var keyed = system.WithHeaders(("x-api-key", GrpcSystem.DemoApiKey));
        await keyed.Projects.CreateProjectAsync(new CreateProjectRequest { ProjectCode = code, Seats = 1 });
        var listed = await system.Demo.Projects.ListProjectsAsync(new ListProjectsRequest());
        Assert.Contains(listed.Projects, p => p.ProjectCode == code);
    }

    [Fact]
    public async Task A_caller_off_the_tenant_allow_list_is_PERMISSION_DENIED()
    {
        var walled = system.Signed(GrpcSystem.WalledAccount, GrpcSystem.WalledSecret);
        await GrpcAssert.FailsAsync(StatusCode.PermissionDenied, "ADDRESS_NOT_ALLOWED",
            async () => await walled.Projects.ListProjectsAsync(new ListProjectsRequest()));
    }

    [Fact]
    public async Task Tenant_B_can_neither_see_nor_change_what_tenant_A_has()
    {
        var project = system.Unique("ap");
        var agent = (await system.AgentsAsync(system.Demo, project, 1)).Single();
        var created = (await system.Demo.Projects.ListProjectsAsync(new ListProjectsRequest())).Projects.Single(p => p.ProjectCode == project);
        var gw = await system.GatewayAsync(system.Demo, 1, CampaignAndCallTests.Customers());
        await system.Demo.Campaigns.ImportNumbersAsync(new ImportNumbersRequest { CallListId = "iso-" + project, Numbers = { "13955550000" } });
        var campaign = system.Unique("c");
        await system.Demo.Campaigns.CreateCampaignAsync(new CreateCampaignRequest
        {
            CampaignCode = campaign, ProjectCode = project, Type = CampaignType.Predictive, Gateways = { new CampaignGateway { GwCode = gw, Concurrency = 1 } },
            CallListId = "iso-" + project, Rate = 1, ExpiresAt = Timestamp.FromDateTimeOffset(system.Now.AddDays(1)),
        });

        var b = system.Other;
        Assert.DoesNotContain((await b.Projects.ListProjectsAsync(new ListProjectsRequest())).Projects, p => p.ProjectCode == project);
        await GrpcAssert.FailsAsync(StatusCode.NotFound, "PROJECT_NOT_FOUND", async () => await b.Projects.ListExtensionsAsync(new ListExtensionsRequest { ProjectCode = project }));
        await GrpcAssert.FailsAsync(StatusCode.NotFound, "CERTIFICATE_NOT_FOUND", async () => await b.Projects.ClaimExtensionAsync(new ClaimExtensionRequest { Certificate = created.Certificate }));
        await GrpcAssert.FailsAsync(StatusCode.NotFound, "EXTENSION_NOT_FOUND", async () => await b.Agents.GetAgentAsync(new GetAgentRequest { Username = agent }));
        await Assert.ThrowsAsync<RpcException>(async () => await b.Agents.SetAgentStateAsync(new SetAgentStateRequest { Username = agent, WorkStatus = WorkStatus.Busy }));
        await Assert.ThrowsAsync<RpcException>(async () => await b.Calls.PlaceCallAsync(new PlaceCallRequest { Username = agent, TelNo = "13911112222" }));
        Assert.DoesNotContain((await b.Gateways.ListGatewaysAsync(new ListGatewaysRequest())).Gateways, g => g.GwCode == gw);
        await GrpcAssert.FailsAsync(StatusCode.NotFound, "TASK_NOT_FOUND", async () => await b.Campaigns.GetCampaignStatusAsync(new CampaignRef { CampaignCode = campaign }));
        await GrpcAssert.FailsAsync(StatusCode.NotFound, "TASK_NOT_FOUND", async () => await b.Campaigns.StartCampaignAsync(new CampaignRef { CampaignCode = campaign }));
        Assert.Equal(0, (await b.Calls.ListCallLogsAsync(new ListCallLogsRequest { ProjectCode = project })).Total);

        // A's objects are as A left them.
        var agentNow = await system.Demo.Agents.GetAgentAsync(new GetAgentRequest { Username = agent });
        Assert.Equal(WorkStatus.Idle, agentNow.WorkStatus);
        Assert.Equal(CampaignState.Initial, (await system.Demo.Campaigns.GetCampaignStatusAsync(new CampaignRef { CampaignCode = campaign })).State);
    }

    [Fact]
    public async Task Health_answers_SERVING_without_credentials()
    {
        var health = new Health.HealthClient(system.Channel());
        var answer = await health.CheckAsync(new HealthCheckRequest());
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, answer.Status);
    }

    [Fact]
    public async Task Reflection_lists_the_callcenter_v1_services()
    {
        var reflection = new ServerReflection.ServerReflectionClient(system.Channel());
        using var call = reflection.ServerReflectionInfo();
        await call.RequestStream.WriteAsync(new ServerReflectionRequest { ListServices = "" });
        await call.RequestStream.CompleteAsync();
        Assert.True(await call.ResponseStream.MoveNext());
        var services = call.ResponseStream.Current.ListServicesResponse.Service.Select(s => s.Name).ToList();
        foreach (var name in new[] { "ProjectService", "AgentService", "GatewayService", "CampaignService", "CallService", "EventService" })
            Assert.Contains("callcenter.v1." + name, services);
        Assert.Contains("grpc.health.v1.Health", services);
    }

    [Fact]
    public async Task An_expired_deadline_is_DEADLINE_EXCEEDED()
    {
        var e = await Assert.ThrowsAsync<RpcException>(async () =>
            await system.Demo.Projects.ListProjectsAsync(new ListProjectsRequest(), deadline: DateTime.UtcNow.AddMilliseconds(-1)));
        Assert.Equal(StatusCode.DeadlineExceeded, e.StatusCode);
    }
}
