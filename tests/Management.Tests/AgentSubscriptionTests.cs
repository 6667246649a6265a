using CallCenter.Management.Tests.Support;

namespace CallCenter.Management.Tests;

/// <summary>An agent's websocket sees its own pushes, not a colleague's (those carry customers' numbers); back-office
/// sessions keep the tenant-wide view.</summary>
public sealed class AgentSubscriptionTests(ManagementSilo system) : IClassFixture<ManagementSilo>
{
    [Theory]
    [InlineData("/topic/call/{me}", true)]
    [InlineData("/topic/invite/{me}", true)]
    [InlineData("/topic/notify/{me}", true)]
    [InlineData("/topic/notify/{project}/{me}", true)]
    [InlineData("/topic/task/{project}", true)]
    [InlineData("/topic/callTaskStatus/{project}", true)]
    [InlineData("/topic/call/{other}", false)]
    [InlineData("/topic/status/{other}", false)]
    [InlineData("/topic/notify/{project}/{other}", false)]
    [InlineData("/topic/somethingElse/{me}", false)]
    [InlineData("/queue/{me}", false)]
    public async Task An_agent_subscribes_to_its_own_and_its_projects_topics_only(string pattern, bool allowed)
    {
        var project = system.Unique("subs");
        var certificate = await system.CreateProjectAsync(project, 2);
        var (me, password) = await system.ClaimAsync(certificate);
        var (other, _) = await system.ClaimAsync(certificate);
        var destination = pattern.Replace("{me}", me).Replace("{other}", other).Replace("{project}", project);

        await using var client = await RawStompClient.OpenAsync(system.Silo.BaseAddress);
        Assert.Equal("CONNECTED", (await client.ConnectAsync(("login", $"{me}@{ManagementSilo.DemoDomain}"), ("passcode", password))).Command);
        await client.SendFrameAsync("SUBSCRIBE", [("id", "s1"), ("destination", destination), ("receipt", "r1")]);
        var answer = await client.ReceiveAsync();
        if (allowed)
        {
            Assert.Equal("RECEIPT", answer.Command);
        }
        else
        {
            Assert.Equal("ERROR", answer.Command);
            Assert.Contains("not allowed to subscribe", answer.Header("message") + answer.Body);
        }
    }

    [Fact]
    public async Task A_back_office_session_subscribes_to_any_agents_topics()
    {
        var project = system.Unique("bo");
        var certificate = await system.CreateProjectAsync(project, 1);
        var (agent, _) = await system.ClaimAsync(certificate);
        var ts = system.Api.Timestamp();
        await using var client = await RawStompClient.OpenAsync(system.Silo.BaseAddress);
        Assert.Equal("CONNECTED", (await client.ConnectAsync(("login", ManagementSilo.DemoAccount), ("passcode", SignedApi.Sign(ManagementSilo.DemoAccount, ts, ManagementSilo.DemoSecret)), ("timestamp", ts.ToString()))).Command);
        await client.SubscribeAsync("s1", $"/topic/call/{agent}");
        await client.SubscribeAsync("s2", $"/topic/callExtStatus/{project}");
    }
}
