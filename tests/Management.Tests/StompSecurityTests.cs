using CallCenter.Management.Agents;
using CallCenter.Management.Tests.Support;

namespace CallCenter.Management.Tests;

/// <summary>The management websocket's authentication, authorisation and bad input, frame by frame.</summary>
public sealed class StompSecurityTests(ManagementSilo system) : IClassFixture<ManagementSilo>
{
    private IAgentGrain Agent(string tenant, string u) => system.Grains.GetGrain<IAgentGrain>(IAgentGrain.KeyFor(tenant, u));

    private (string, string)[] AccountHeaders(string account, string secret)
    {
        var ts = system.Api.Timestamp();
        return [("login", account), ("passcode", SignedApi.Sign(account, ts, secret)), ("timestamp", ts.ToString())];
    }

    [Fact]
    public async Task Connect_is_refused_for_wrong_credentials_and_for_anonymous_sessions_of_secure_tenants()
    {
        var project = system.Unique("auth");
        var certificate = await system.CreateProjectAsync(project, 1);
        var (agent, password) = await system.ClaimAsync(certificate);

        async Task<StompFrame> ConnectAsync(params (string, string)[] headers)
        {
            await using var client = await RawStompClient.OpenAsync(system.Silo.BaseAddress);
            return await client.ConnectAsync(headers);
        }

        Assert.Equal("CONNECTED", (await ConnectAsync(("login", $"{agent}@{ManagementSilo.DemoDomain}"), ("passcode", password))).Command);
        Assert.Equal("ERROR", (await ConnectAsync(("login", $"{agent}@{ManagementSilo.DemoDomain}"), ("passcode", password + "x"))).Command);
        Assert.Equal("ERROR", (await ConnectAsync(("login", $"{agent}@nowhere.example"), ("passcode", password))).Command);
        Assert.Equal("CONNECTED", (await ConnectAsync(AccountHeaders(ManagementSilo.DemoAccount, ManagementSilo.DemoSecret))).Command);
        Assert.Equal("ERROR", (await ConnectAsync(AccountHeaders(ManagementSilo.DemoAccount, "wrong-secret"))).Command);
        var old = (system.Now - TimeSpan.FromMinutes(10)).ToUnixTimeMilliseconds();
        Assert.Equal("ERROR", (await ConnectAsync(("login", ManagementSilo.DemoAccount), ("passcode", SignedApi.Sign(ManagementSilo.DemoAccount, old, ManagementSilo.DemoSecret)), ("timestamp", old.ToString()))).Command);
        // Anonymous: the demo tenant keeps the original's open websocket; "other" is a new, secure tenant.
        Assert.Equal("CONNECTED", (await ConnectAsync()).Command);
        Assert.Equal("ERROR", (await ConnectAsync(("tenant", ManagementSilo.OtherTenant))).Command);
        Assert.Equal("CONNECTED", (await ConnectAsync(AccountHeaders(ManagementSilo.OtherAccount, ManagementSilo.OtherSecret))).Command);
    }

    [Fact]
    public async Task Bad_frames_are_stomp_errors_but_bad_application_bodies_keep_the_connection()
    {
        var project = system.Unique("frames");
        var agents = await system.AgentsAsync(project, 1);

        await using (var garbage = await RawStompClient.OpenAsync(system.Silo.BaseAddress))
        {
            await garbage.SendRawAsync("HELLO\n\n\0");
            var error = await garbage.ReceiveAsync();
            Assert.Equal("ERROR", error.Command);
        }

        await using var client = await RawStompClient.OpenAsync(system.Silo.BaseAddress);
        Assert.Equal("CONNECTED", (await client.ConnectAsync()).Command);
        await client.SubscribeAsync("n", $"/topic/notify/{agents[0]}");
        // Not JSON, a JSON array, a missing username, an unknown work type: no STOMP error, nothing changes.
        await client.SendAsync("/app/idle", "not json");
        await client.SendAsync("/app/idle", "[1,2]");
        await client.SendAsync("/app/idle", $"{{\"projectCode\":\"{project}\"}}");
        await client.SendAsync("/app/idle", $"{{\"username\":\"{agents[0]}\",\"projectCode\":\"{project}\",\"workType\":\"99\"}}");
        var refused = await client.ReceiveAsync();
        Assert.Equal("MESSAGE", refused.Command);
        Assert.Contains("workType", refused.Body);
        Assert.Contains("\"msgType\":\"error\"", refused.Body);
        await client.SendAsync("/app/call", $"{{\"username\":\"{agents[0]}\",\"projectCode\":\"{project}\",\"telNo\":\"12ab\"}}");
        Assert.Contains("号码格式不正确", (await client.ReceiveAsync()).Body);
        await client.SendAsync("/app/bye", $"{{\"username\":\"{agents[0]}\",\"callId\":\"no-such-call\"}}");
        Assert.Contains("通话不存在", (await client.ReceiveAsync()).Body);
        Assert.Equal(AgentWorkStatus.Busy, (await Agent("demo", agents[0]).GetAsync())!.WorkStatus);

        // The connection is still good.
        await client.SendAsync("/app/idle", $"{{\"username\":\"{agents[0]}\",\"projectCode\":\"{project}\",\"workType\":\"10\"}}");
        Assert.Contains("置闲成功", (await client.ReceiveAsync()).Body);
        Assert.Equal(AgentWorkStatus.Idle, (await Agent("demo", agents[0]).GetAsync())!.WorkStatus);

        // An unknown application destination is a STOMP error.
        await client.SendAsync("/app/nope", "{}");
        Assert.Equal("ERROR", (await client.ReceiveAsync()).Command);
    }

    [Fact]
    public async Task An_agent_session_acts_only_for_its_own_extension()
    {
        var project = system.Unique("own");
        var certificate = await system.CreateProjectAsync(project, 2);
        var (me, myPassword) = await system.ClaimAsync(certificate);
        var (other, _) = await system.ClaimAsync(certificate);

        await using var client = await RawStompClient.OpenAsync(system.Silo.BaseAddress);
        Assert.Equal("CONNECTED", (await client.ConnectAsync(("login", $"{me}@{ManagementSilo.DemoDomain}"), ("passcode", myPassword))).Command);
        await client.SubscribeAsync("mine", $"/topic/notify/{me}");
        await client.SendAsync("/app/idle", $"{{\"username\":\"{other}\",\"projectCode\":\"{project}\",\"workType\":\"10\"}}");
        Assert.Contains("无权操作该分机", (await client.ReceiveAsync()).Body);
        Assert.Equal(AgentWorkStatus.Busy, (await Agent("demo", other).GetAsync())!.WorkStatus);
    }

    [Fact]
    public async Task Tenants_never_see_each_others_pushes_nor_reach_each_others_agents()
    {
        // Both tenants have an agent with the same extension number.
        var demoProject = system.Unique("iso");
        var demoAgents = await system.AgentsAsync(demoProject, 1);
        var username = demoAgents[0];
        // Numbers are per tenant: the other tenant draws from its own range until it reaches the same number.
        string otherProject;
        var guard = 0;
        do
        {
            otherProject = system.Unique("iso");
            Assert.True(guard++ < 100, "the other tenant never got the same extension number");
        }
        while ((await system.AgentsAsync(otherProject, 1, ManagementSilo.OtherDomain, system.OtherApi))[0] != username);

        await using var other = await RawStompClient.OpenAsync(system.Silo.BaseAddress);
        Assert.Equal("CONNECTED", (await other.ConnectAsync(AccountHeaders(ManagementSilo.OtherAccount, ManagementSilo.OtherSecret))).Command);
        await other.SubscribeAsync("status", $"/topic/status/{username}");
        await other.SubscribeAsync("board", $"/topic/callExtStatus/{demoProject}");

        // The demo agent changes state: the other tenant's session hears nothing of it.
        Assert.Equal(1, (await system.Api.PostAsync("/callcenter/callProject/api/setWorkStatus/v1", ("username", username), ("workStatus", "1"))).Code);
        await system.SettleAsync();
        // Its own agent's change arrives, and is the first thing it sees.
        Assert.Equal(1, (await system.OtherApi.PostAsync("/callcenter/callProject/api/setWorkStatus/v1", ("username", username), ("workStatus", "1"))).Code);
        var first = await other.ReceiveAsync();
        Assert.Equal("MESSAGE", first.Command);
        Assert.Equal($"/topic/status/{username}", first.Header("destination"));
        Assert.Contains($"\"projectCode\":\"{otherProject}\"", first.Body);

        // A command from the other tenant's session names the same extension: it reaches the other tenant's agent only.
        await other.SendAsync("/app/busy", $"{{\"username\":\"{username}\",\"workType\":\"10\"}}");
        await system.SettleAsync();
        await other.SyncAsync("done");
        Assert.Equal(AgentWorkStatus.Busy, (await Agent(ManagementSilo.OtherTenant, username).GetAsync())!.WorkStatus);
        Assert.Equal(AgentWorkStatus.Idle, (await Agent("demo", username).GetAsync())!.WorkStatus);
    }
}
