using CallCenter.Grpc.V1;
using Grpc.Core;

namespace CallCenter.Grpc.Tests;

/// <summary>ProjectService, AgentService and GatewayService against the real host: what they do and how they refuse.</summary>
[Collection(GrpcCollection.Name)]
public sealed class DirectoryTests(GrpcSystem system)
{
    [Fact]
    public async Task A_project_is_created_listed_and_its_extensions_claimed_and_listed_with_their_state()
    {
        var code = system.Unique("gp");
        var created = await system.Demo.Projects.CreateProjectAsync(new CreateProjectRequest { ProjectCode = code, Seats = 2 });
        Assert.Equal(code, created.ProjectCode);
        Assert.Matches("^[0-9A-F]{32}$", created.Certificate);
        Assert.False(created.Finished);

        var listed = await system.Demo.Projects.ListProjectsAsync(new ListProjectsRequest());
        Assert.Contains(listed.Projects, p => p.ProjectCode == code && p.Certificate == created.Certificate);

        var grant = await system.Demo.Projects.ClaimExtensionAsync(new ClaimExtensionRequest { Certificate = created.Certificate, Role = AgentRole.Agent });
        Assert.Equal(code, grant.ProjectCode);
        Assert.False(string.IsNullOrEmpty(grant.Password));
        Assert.Equal($"sip:{grant.Username}@{GrpcSystem.DemoDomain}", grant.Uri);

        var extensions = await system.Demo.Projects.ListExtensionsAsync(new ListExtensionsRequest { ProjectCode = code });
        // The whole pool of the project's seats, claimed or not.
        Assert.Equal(2, extensions.Agents.Count);
        var agent = Assert.Single(extensions.Agents, a => a.Username == grant.Username);
        Assert.Equal(code, agent.ProjectCode);
        Assert.False(agent.Registered);
    }

    [Fact]
    public async Task Project_refusals_have_their_codes_and_reasons()
    {
        var code = system.Unique("gp");
        var info = await GrpcAssert.FailsAsync(StatusCode.InvalidArgument, "INVALID_ARGUMENT",
            async () => await system.Demo.Projects.CreateProjectAsync(new CreateProjectRequest { ProjectCode = "bad code!", Seats = 1 }));
        Assert.Equal("project_code", info.Metadata["field"]);
        await GrpcAssert.FailsAsync(StatusCode.InvalidArgument, "INVALID_ARGUMENT",
            async () => await system.Demo.Projects.CreateProjectAsync(new CreateProjectRequest { ProjectCode = code, Seats = 0 }));

        var created = await system.Demo.Projects.CreateProjectAsync(new CreateProjectRequest { ProjectCode = code, Seats = 1 });
        await GrpcAssert.FailsAsync(StatusCode.AlreadyExists, "PROJECT_EXISTS",
            async () => await system.Demo.Projects.CreateProjectAsync(new CreateProjectRequest { ProjectCode = code, Seats = 1 }));
        await GrpcAssert.FailsAsync(StatusCode.NotFound, "PROJECT_NOT_FOUND",
            async () => await system.Demo.Projects.ListExtensionsAsync(new ListExtensionsRequest { ProjectCode = system.Unique("none") }));
        await GrpcAssert.FailsAsync(StatusCode.NotFound, "CERTIFICATE_NOT_FOUND",
            async () => await system.Demo.Projects.ClaimExtensionAsync(new ClaimExtensionRequest { Certificate = new string('A', 32) }));

        await system.Demo.Projects.ClaimExtensionAsync(new ClaimExtensionRequest { Certificate = created.Certificate });
        // One seat: the pool is used up.
        await GrpcAssert.FailsAsync(StatusCode.ResourceExhausted, "NO_FREE_EXTENSION",
            async () => await system.Demo.Projects.ClaimExtensionAsync(new ClaimExtensionRequest { Certificate = created.Certificate }));
    }

    [Fact]
    public async Task An_agent_is_read_made_available_and_busy_and_disabled()
    {
        var project = system.Unique("gp");
        var agent = (await system.AgentsAsync(system.Demo, project, 1, idle: false)).Single();

        var read = await system.Demo.Agents.GetAgentAsync(new GetAgentRequest { Username = agent });
        Assert.True(read.Registered);
        Assert.True(read.Enabled);
        Assert.Equal(WorkStatus.Busy, read.WorkStatus);

        var idle = await system.Demo.Agents.SetAgentStateAsync(new SetAgentStateRequest { Username = agent, WorkStatus = WorkStatus.Idle });
        Assert.Equal(WorkStatus.Idle, idle.WorkStatus);
        var disabled = await system.Demo.Agents.SetAgentStateAsync(new SetAgentStateRequest { Username = agent, Enabled = false });
        Assert.False(disabled.Enabled);
        Assert.Equal(WorkStatus.Unavailable, disabled.WorkStatus);
        await GrpcAssert.FailsAsync(StatusCode.FailedPrecondition, "AGENT_DISABLED",
            async () => await system.Demo.Agents.SetAgentStateAsync(new SetAgentStateRequest { Username = agent, WorkStatus = WorkStatus.Idle }));
        var enabled = await system.Demo.Agents.SetAgentStateAsync(new SetAgentStateRequest { Username = agent, Enabled = true, WorkStatus = WorkStatus.Idle });
        Assert.True(enabled.Enabled);
        Assert.Equal(WorkStatus.Idle, enabled.WorkStatus);
    }

    [Fact]
    public async Task Agent_refusals_have_their_codes_and_reasons()
    {
        await GrpcAssert.FailsAsync(StatusCode.NotFound, "EXTENSION_NOT_FOUND",
            async () => await system.Demo.Agents.GetAgentAsync(new GetAgentRequest { Username = "99999" }));
        await GrpcAssert.FailsAsync(StatusCode.InvalidArgument, "INVALID_ARGUMENT",
            async () => await system.Demo.Agents.GetAgentAsync(new GetAgentRequest { Username = "" }));
        await GrpcAssert.FailsAsync(StatusCode.InvalidArgument, "INVALID_ARGUMENT",
            async () => await system.Demo.Agents.SetAgentStateAsync(new SetAgentStateRequest { Username = "1001" }));
        await GrpcAssert.FailsAsync(StatusCode.InvalidArgument, "INVALID_ARGUMENT",
            async () => await system.Demo.Agents.SetAgentStateAsync(new SetAgentStateRequest { Username = "1001", WorkStatus = WorkStatus.Unavailable }));
    }

    [Fact]
    public async Task A_gateway_is_created_and_listed_and_refusals_have_their_codes()
    {
        var code = system.Unique("77");
        var created = await system.Demo.Gateways.CreateGatewayAsync(new CreateGatewayRequest
        {
            GwCode = code, Name = "电信", RegisterType = 2, Realm = "carrier.example.com:5060", Enabled = true, ExpectCount = 3, BillSeconds = 6, PriceFen = 10,
        });
        Assert.Equal(code, created.GwCode);
        Assert.Equal(3, created.Concurrency);
        Assert.Equal("6|10.0", created.PriceRule);
        var listed = await system.Demo.Gateways.ListGatewaysAsync(new ListGatewaysRequest());
        Assert.Contains(listed.Gateways, g => g.GwCode == code && g.Enabled && g.Name == "电信");

        await GrpcAssert.FailsAsync(StatusCode.AlreadyExists, "GATEWAY_EXISTS", async () => await system.Demo.Gateways.CreateGatewayAsync(new CreateGatewayRequest
        {
            GwCode = code, Name = "again", RegisterType = 2, Realm = "carrier.example.com", Enabled = true,
        }));
        var info = await GrpcAssert.FailsAsync(StatusCode.InvalidArgument, "INVALID_ARGUMENT",
            async () => await system.Demo.Gateways.CreateGatewayAsync(new CreateGatewayRequest { Name = "x", RegisterType = 7, Realm = "carrier.example.com" }));
        Assert.Equal("register_type", info.Metadata["field"]);
    }
}
