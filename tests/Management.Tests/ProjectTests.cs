using CallCenter.Extensions;
using CallCenter.Management.Agents;
using CallCenter.Management.Tests.Support;

namespace CallCenter.Management.Tests;

public sealed class ProjectTests(ManagementSilo system) : IClassFixture<ManagementSilo>
{
    private const string Base = "/callcenter/callProject/api/";

    [Fact]
    public async Task CreateProject_allocates_extensions_and_a_certificate_with_configured_servers()
    {
        var code = system.Unique("proj");
        var created = await system.Api.PostAsync(Base + "createProject/v1", ("projectCode", code), ("seats", "3"));

        Assert.Equal(1, created.Code);
        Assert.Equal("成功", created.Message);
        Assert.StartsWith("application/json", created.ContentType);
        Assert.Matches("^[0-9A-F]{32}$", created.Data.GetProperty("certificate").GetString());
        Assert.Equal("wss://fs.example.com:7443", created.Data.GetProperty("servers").GetString());
        Assert.Equal("fs.example.com:5161", created.Data.GetProperty("nativeServers").GetString());

        var extensions = await system.Api.GetAsync(Base + "getExtentionByProject/v1", ("projectCode", code));
        Assert.Equal(1, extensions.Code);
        Assert.Equal(3, extensions.Data.GetArrayLength());
        Assert.Equal(3, extensions.Json.GetProperty("total").GetInt32());
        foreach (var e in extensions.Data.EnumerateArray())
        {
            Assert.Equal(0, e.GetProperty("status").GetInt32());
            Assert.Equal(0, e.GetProperty("workStatus").GetInt32());
            Assert.Equal(0, e.GetProperty("sessionStatus").GetInt32());
            Assert.False(e.TryGetProperty("password", out _));
        }
    }

    [Fact]
    public async Task CreateProject_twice_is_refused()
    {
        var code = system.Unique("dup");
        await system.CreateProjectAsync(code, 1);
        var again = await system.Api.PostAsync(Base + "createProject/v1", ("projectCode", code), ("seats", "1"));
        Assert.Equal(-1000101, again.Code);
    }

    [Fact]
    public async Task GetByCertificate_hands_each_agent_its_own_extension_with_strong_credentials()
    {
        var certificate = await system.CreateProjectAsync(system.Unique("cert"), 2);
        var first = await system.Api.GetAsync(Base + "getByCertificate/v1", ("certificate", certificate), ("type", "2"));
        var second = await system.Api.GetAsync(Base + "getByCertificate/v1", ("certificate", certificate.ToLowerInvariant()), ("type", "2"));
        var third = await system.Api.GetAsync(Base + "getByCertificate/v1", ("certificate", certificate), ("type", "2"));

        Assert.Equal(1, first.Code);
        Assert.Equal(1, second.Code);
        var u1 = first.Data.GetProperty("username").GetString()!;
        var u2 = second.Data.GetProperty("username").GetString()!;
        Assert.NotEqual(u1, u2);
        var password = first.Data.GetProperty("password").GetString()!;
        Assert.True(password.Length >= 16, "generated SIP passwords are long");
        Assert.Equal($"sip:{u1}@{ManagementSilo.DemoDomain}", first.Data.GetProperty("uri").GetString());
        Assert.Equal("wss://fs.example.com:7443", first.Data.GetProperty("servers").GetString());
        // Two seats, both handed out.
        Assert.Equal(-1000104, third.Code);

        // The same agent asking again for its extension gets the same credentials.
        var again = await system.Api.GetAsync(Base + "getByCertificate/v1", ("certificate", certificate), ("type", "2"), ("username", u1));
        Assert.Equal(password, again.Data.GetProperty("password").GetString());
        // And the phone can register with them.
        Assert.True(system.Network.RegisterPhone(u1, ManagementSilo.DemoDomain, password));
        Assert.False(system.Network.RegisterPhone(u2, ManagementSilo.DemoDomain, password));
    }

    [Fact]
    public async Task GetByCertificate_gives_project_managers_extra_extensions_and_refuses_unknown_certificates()
    {
        var code = system.Unique("pm");
        var certificate = await system.CreateProjectAsync(code, 1);
        var manager = await system.Api.GetAsync(Base + "getByCertificate/v1", ("certificate", certificate), ("type", "3"));
        Assert.Equal(1, manager.Code);
        var pm = manager.Data.GetProperty("username").GetString()!;
        var snapshot = await system.Grains.GetGrain<IAgentGrain>(IAgentGrain.KeyFor("demo", pm)).GetAsync();
        Assert.Equal(AgentRole.ProjectManager, snapshot!.Role);
        Assert.Equal(code, snapshot.ProjectCode);

        var unknown = await system.Api.GetAsync(Base + "getByCertificate/v1", ("certificate", "0123456789ABCDEF0123456789ABCDEF"), ("type", "2"));
        Assert.Equal(-1000100, unknown.Code);
        var badType = await system.Api.GetAsync(Base + "getByCertificate/v1", ("certificate", certificate), ("type", "5"));
        Assert.Equal(-100003, badType.Code);
    }

    [Fact]
    public async Task Extension_state_follows_registration_and_work_status()
    {
        var code = system.Unique("state");
        var agents = await system.AgentsAsync(code, 1);
        var u = agents[0];

        var set = await system.Api.PostAsync(Base + "setWorkStatus/v1", ("username", u), ("workStatus", "1"));
        Assert.Equal(1, set.Code);
        Assert.Equal(u, set.Data.GetProperty("username").GetString());
        Assert.Equal(1, set.Data.GetProperty("workStatus").GetInt32());
        Assert.Equal(0, set.Data.GetProperty("sessionStatus").GetInt32());

        var list = await system.Api.GetAsync(Base + "getExtentionByProject/v1", ("projectCode", code));
        var e = list.Data[0];
        Assert.Equal(1, e.GetProperty("status").GetInt32());
        Assert.Equal(1, e.GetProperty("workStatus").GetInt32());

        // Disabled: workStatus -1, and it can no longer be made available.
        var disabled = await system.Api.PostAsync(Base + "setExtensionStatus/v1", ("username", u), ("workStatus", "-1"));
        Assert.Equal(1, disabled.Code);
        Assert.Equal(-1, disabled.Data.GetProperty("workStatus").GetInt32());
        var refused = await system.Api.PostAsync(Base + "setWorkStatus/v1", ("username", u), ("workStatus", "1"));
        Assert.Equal(-1000103, refused.Code);
        var enabled = await system.Api.PostAsync(Base + "setExtensionStatus/v1", ("username", u), ("workStatus", "0"));
        Assert.Equal(0, enabled.Data.GetProperty("workStatus").GetInt32());

        // Unregistering drops an available agent to busy.
        await system.Api.PostAsync(Base + "setWorkStatus/v1", ("username", u), ("workStatus", "1"));
        Assert.True(system.Network.UnregisterPhone(u, ManagementSilo.DemoDomain));
        await system.SettleAsync();
        list = await system.Api.GetAsync(Base + "getExtentionByProject/v1", ("projectCode", code));
        Assert.Equal(0, list.Data[0].GetProperty("status").GetInt32());
        Assert.Equal(0, list.Data[0].GetProperty("workStatus").GetInt32());

        var nothing = await system.Api.PostAsync(Base + "setWorkStatus/v1", ("username", u));
        Assert.Equal(0, nothing.Code);
        var unknown = await system.Api.PostAsync(Base + "setWorkStatus/v1", ("username", "77777"), ("workStatus", "1"));
        Assert.Equal(-1000102, unknown.Code);
    }

    [Fact]
    public async Task SetWorkStatusByProjectCode_changes_every_enabled_agent()
    {
        var code = system.Unique("all");
        var agents = await system.AgentsAsync(code, 3);
        await system.Api.PostAsync(Base + "setExtensionStatus/v1", ("username", agents[2]), ("workStatus", "-1"));

        var all = await system.Api.PostAsync(Base + "setWorkStatusByProjectCode/v1", ("projectCode", code), ("workStatus", "1"));
        Assert.Equal(1, all.Code);
        var list = await system.Api.GetAsync(Base + "getExtentionByProject/v1", ("projectCode", code));
        var byUser = list.Data.EnumerateArray().ToDictionary(e => e.GetProperty("username").GetString()!, e => e.GetProperty("workStatus").GetInt32());
        Assert.Equal(1, byUser[agents[0]]);
        Assert.Equal(1, byUser[agents[1]]);
        Assert.Equal(-1, byUser[agents[2]]);

        var missing = await system.Api.PostAsync(Base + "setWorkStatusByProjectCode/v1", ("projectCode", system.Unique("none")), ("workStatus", "1"));
        Assert.Equal(-1000100, missing.Code);
    }

    [Fact]
    public async Task DistributionSeat_moves_an_extension_between_projects()
    {
        var from = system.Unique("from");
        var to = system.Unique("to");
        var agents = await system.AgentsAsync(from, 2);
        await system.CreateProjectAsync(to, 1);

        var moved = await system.Api.PostAsync(Base + "distributionSeat/v1", ("projectCode", to), ("username", agents[0]));
        Assert.Equal(1, moved.Code);
        var target = await system.Api.GetAsync(Base + "getExtentionByProject/v1", ("projectCode", to));
        Assert.Contains(target.Data.EnumerateArray(), e => e.GetProperty("username").GetString() == agents[0] && e.GetProperty("status").GetInt32() == 1);
        var source = await system.Api.GetAsync(Base + "getExtentionByProject/v1", ("projectCode", from));
        Assert.DoesNotContain(source.Data.EnumerateArray(), e => e.GetProperty("username").GetString() == agents[0]);

        var unknown = await system.Api.PostAsync(Base + "distributionSeat/v1", ("projectCode", to), ("username", "99998"));
        Assert.Equal(-1000102, unknown.Code);
    }

    [Fact]
    public async Task FinishProject_unregisters_and_releases_extensions_but_keeps_the_record()
    {
        var code = system.Unique("fin");
        var agents = await system.AgentsAsync(code, 2);
        var project = system.Grains.GetGrain<CallCenter.Management.Projects.IProjectGrain>(CallCenter.Management.Projects.IProjectGrain.KeyFor("demo", code));
        Assert.True((await project.RegisterTaskAsync("task-a")).Ok);

        var finished = await system.Api.PostAsync(Base + "finishProject/v1", ("projectCode", code));
        Assert.Equal(1, finished.Code);
        // The dialer was told to end the project's tasks.
        Assert.Contains(system.Dialer.Finishing, f => f.TenantId == "demo" && f.ProjectCode == code && f.Tasks.SequenceEqual(["task-a"]));
        await system.SettleAsync();
        foreach (var u in agents)
        {
            Assert.Null(await system.Grains.GetGrain<IExtensionGrain>(IExtensionGrain.KeyFor("demo", u)).GetAsync());
            Assert.Null(await system.Grains.GetGrain<IAgentGrain>(IAgentGrain.KeyFor("demo", u)).GetAsync());
            Assert.DoesNotContain(system.Network.ListPhones(), p => p.Extension == u && p.Domain == ManagementSilo.DemoDomain && p.Registered);
        }
        var again = await system.Api.PostAsync(Base + "finishProject/v1", ("projectCode", code));
        Assert.Equal(0, again.Code);
        var recreate = await system.Api.PostAsync(Base + "createProject/v1", ("projectCode", code), ("seats", "1"));
        Assert.Equal(-1000101, recreate.Code);
        var claim = await system.Api.GetAsync(Base + "getExtentionByProject/v1", ("projectCode", code));
        Assert.Equal(1, claim.Code);
        Assert.Equal(0, claim.Data.GetArrayLength());

        // The numbers go back to the pool and serve the next project, which the finished one does not list.
        var next = system.Unique("next");
        await system.CreateProjectAsync(next, 2);
        var reused = await system.Api.GetAsync(Base + "getExtentionByProject/v1", ("projectCode", next));
        Assert.Contains(reused.Data.EnumerateArray(), e => agents.Contains(e.GetProperty("username").GetString()!));
        Assert.Equal(0, (await system.Api.GetAsync(Base + "getExtentionByProject/v1", ("projectCode", code))).Data.GetArrayLength());
    }
}
