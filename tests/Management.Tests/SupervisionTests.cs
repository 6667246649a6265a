using CallCenter.Management.Agents;
using CallCenter.Management.Supervision;
using CallCenter.Management.Tests.Support;
using CallCenter.Telephony.Simulated;

namespace CallCenter.Management.Tests;

/// <summary>A project manager listening in on an agent's call, and the manager's conference that calls every available
/// agent of the project.</summary>
public sealed class SupervisionTests(ManagementSilo system) : IClassFixture<ManagementSilo>
{
    private IAgentGrain Agent(string u) => system.Grains.GetGrain<IAgentGrain>(IAgentGrain.KeyFor("demo", u));

    private async Task<(string Project, List<string> Agents, string Manager)> TeamAsync(int agents)
    {
        var project = system.Unique("team");
        var certificate = await system.CreateProjectAsync(project, agents);
        var usernames = new List<string>();
        for (var i = 0; i < agents; i++)
        {
            var (u, p) = await system.ClaimAsync(certificate);
            system.Network.SetPhonePolicy(u, ManagementSilo.DemoDomain, PhoneAnswerPolicy.Manual());
            Assert.True(system.Network.RegisterPhone(u, ManagementSilo.DemoDomain, p));
            usernames.Add(u);
        }
        var (manager, password) = await system.ClaimAsync(certificate, type: 3);
        system.Network.SetPhonePolicy(manager, ManagementSilo.DemoDomain, PhoneAnswerPolicy.Manual());
        Assert.True(system.Network.RegisterPhone(manager, ManagementSilo.DemoDomain, password));
        await system.SettleAsync();
        return (project, usernames, manager);
    }

    [Fact]
    public async Task Manager_eavesdrops_on_a_talking_agent_and_stops()
    {
        await system.GatewayAsync();
        var (project, agents, manager) = await TeamAsync(1);
        var supervisor = system.Grains.GetGrain<ISupervisorGrain>(ISupervisorGrain.KeyFor("demo", manager));
        Assert.Equal(ManagementError.CallStateInvalid, (await supervisor.EavesdropAsync(project, agents[0])).Error);

        var placed = await Agent(agents[0]).PlaceCallAsync(new AgentDialRequest(AgentCallKind.Manual, "13800001111", project));
        await system.SettleAsync();
        await system.AnswerAsync(agents[0]);
        await system.AnswerAsync("13800001111");
        var agentLeg = system.Leg(agents[0]).LegId;
        var customerLeg = system.Leg("13800001111").LegId;

        // Only the project's manager may listen.
        var asAgent = system.Grains.GetGrain<ISupervisorGrain>(ISupervisorGrain.KeyFor("demo", agents[0]));
        Assert.Equal(ManagementError.AgentNotInProject, (await asAgent.EavesdropAsync(project, agents[0])).Error);
        Assert.True((await supervisor.EavesdropAsync(project, agents[0])).Ok);
        await system.SettleAsync();
        await system.AnswerAsync(manager);
        var listener = system.Leg(manager).LegId;
        Assert.True(system.Network.CanHear(listener, agentLeg));
        Assert.True(system.Network.CanHear(listener, customerLeg));
        Assert.False(system.Network.CanHear(customerLeg, listener));
        Assert.Equal(agents[0], (await supervisor.GetSupervisionAsync()).EavesdropTarget);

        Assert.True((await supervisor.StopEavesdropAsync(project, agents[0])).Ok);
        await system.SettleAsync();
        Assert.Null(system.Network.GetLeg(listener));
        Assert.NotNull(system.Network.GetLeg(customerLeg));
        Assert.Equal(ManagementError.SupervisionNotActive, (await supervisor.StopEavesdropAsync(project, agents[0])).Error);

        Assert.True((await Agent(agents[0]).HangupAsync(placed.Value!)).Ok);
        await system.SettleAsync();

        // The eavesdrop session has its own call-log row, besides the agent's call.
        var logs = await system.Api.GetAsync("/callcenter/callLog/api/getList/v1", ("projectCode", project));
        var items = logs.Data.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(2, items.Count);
        var eavesdrop = items.Single(i => i.GetProperty("callType").GetInt32() == 7);
        Assert.Equal(manager, eavesdrop.GetProperty("callerIdNumber").GetString());
        Assert.Equal(agents[0], eavesdrop.GetProperty("destinationNumber").GetString());
        Assert.Equal("10", eavesdrop.GetProperty("result").GetString());
    }

    [Fact]
    public async Task Conference_calls_every_available_agent_and_ends_with_the_manager()
    {
        var (project, agents, manager) = await TeamAsync(3);
        Assert.True((await Agent(agents[0]).SetWorkStatusAsync(AgentWorkStatus.Idle)).Ok);
        Assert.True((await Agent(agents[1]).SetWorkStatusAsync(AgentWorkStatus.Idle)).Ok);
        var supervisor = system.Grains.GetGrain<ISupervisorGrain>(ISupervisorGrain.KeyFor("demo", manager));

        var started = await supervisor.StartConferenceAsync(project);
        Assert.True(started.Ok, started.Error.ToString());
        Assert.Equal(2, started.Value);
        await system.SettleAsync();
        await system.AnswerAsync(manager);
        await system.AnswerAsync(agents[0]);
        await system.AnswerAsync(agents[1]);
        Assert.Equal(AgentSessionStatus.Conference, (await Agent(agents[0]).GetAsync())!.SessionStatus);
        Assert.True(system.Network.CanHear(system.Leg(agents[0]).LegId, system.Leg(agents[1]).LegId));
        Assert.True(system.Network.CanHear(system.Leg(manager).LegId, system.Leg(agents[1]).LegId));
        // The third agent was not available and is not called; inviting them by name needs them available too.
        Assert.DoesNotContain(system.Network.ListLegs(), l => l.DestinationNumber == agents[2]);
        Assert.Equal(ManagementError.AgentNotIdle, (await supervisor.InviteToConferenceAsync(project, agents[2])).Error);
        await Agent(agents[2]).SetWorkStatusAsync(AgentWorkStatus.Idle);
        Assert.True((await supervisor.InviteToConferenceAsync(project, agents[2])).Ok);
        await system.SettleAsync();
        await system.AnswerAsync(agents[2]);
        Assert.Equal(3, (await supervisor.GetSupervisionAsync()).ConferenceMembers.Count);

        // An agent leaves on their own; the others stay.
        Assert.True((await Agent(agents[2]).HangupAsync((await Agent(agents[2]).GetAsync())!.CallId!)).Ok);
        await system.SettleAsync();
        Assert.Equal(AgentSessionStatus.None, (await Agent(agents[2]).GetAsync())!.SessionStatus);

        Assert.True((await supervisor.StopConferenceAsync(project)).Ok);
        await system.SettleAsync();
        Assert.DoesNotContain(system.Network.ListLegs(), l => l.DestinationNumber == manager || agents.Contains(l.DestinationNumber));
        foreach (var agent in agents)
        {
            var snapshot = await Agent(agent).GetAsync();
            Assert.Null(snapshot!.CallId);
            Assert.Equal(AgentSessionStatus.None, snapshot.SessionStatus);
        }
        var info = await supervisor.GetSupervisionAsync();
        Assert.Null(info.ConferenceName);
        Assert.Equal(ManagementError.SupervisionNotActive, (await supervisor.StopConferenceAsync(project)).Error);
        var logs = await system.Api.GetAsync("/callcenter/callLog/api/getList/v1", ("projectCode", project));
        var conference = logs.Data.GetProperty("items").EnumerateArray().Single();
        Assert.Equal(6, conference.GetProperty("callType").GetInt32());
        Assert.Equal(manager, conference.GetProperty("callerIdNumber").GetString());
    }
}
