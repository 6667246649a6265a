using CallCenter.Calls;
using CallCenter.Edge.Management.Push;
using CallCenter.Extensions;
using CallCenter.Management.Agents;
using CallCenter.Management.Calls;
using CallCenter.Management.Events;
using CallCenter.Management.Tests.Support;

namespace CallCenter.Management.Tests;

/// <summary>
/// The one-way reports the agent and extension grains receive, delivered out of order (Orleans promises no order between
/// one-way calls): call progress, registration changes, off-hook reports. Each report is sent straight to the grain and
/// the system settled before the next, so the order of arrival is the test's; the pushes are read back from the
/// management event hub in the order it numbered them.
/// </summary>
public sealed class OneWayOrderingTests(ManagementSilo system) : IClassFixture<ManagementSilo>
{
    private IAgentGrain Agent(string username) => system.Grains.GetGrain<IAgentGrain>(IAgentGrain.KeyFor("demo", username));

    private IManagementEventHubGrain Hub => system.Grains.GetGrain<IManagementEventHubGrain>(ManagementEventHubs.KeyFor("demo"));

    private async Task<long> HubPositionAsync() => (await Hub.ReadAsync(long.MaxValue)).LastSeq;

    /// <summary>The STOMP destinations pushed for <paramref name="username"/> since <paramref name="after"/>, in order.</summary>
    private async Task<List<string>> PushesSinceAsync(long after, string username)
    {
        var backlog = await Hub.ReadAsync(after);
        Assert.True(backlog.Complete);
        return backlog.Events
            .Select(e => e.Event)
            .Where(e => e switch
            {
                AgentStateChanged s => s.Agent.Username == username,
                AgentCallNotice c => c.Username == username,
                AgentTransferNotice t => t.Username == username,
                AgentMessage m => m.Username == username,
                _ => false,
            })
            .SelectMany(ManagementPushes.For)
            .Select(p => p.Destination)
            .ToList();
    }

    private async Task<(string Username, string Project)> IdleAgentAsync()
    {
        var project = system.Unique("order");
        var username = (await system.AgentsAsync(project, 1))[0];
        Assert.True((await Agent(username).SetWorkStatusAsync(AgentWorkStatus.Idle, AgentWorkType.Direct, project)).Ok);
        await system.SettleAsync();
        return (username, project);
    }

    private async Task OfferAsync(string username, string project, string callId, AgentCallKind kind, string? from = null)
    {
        var controller = new LegOwner(IAgentCallGrain.OwnerKind, IAgentCallGrain.KeyFor("demo", callId));
        var offer = await Agent(username).OfferCallAsync(new AgentOffer(callId, kind, controller, "13800138000", ProjectCode: project,
            RequireIdle: kind != AgentCallKind.ManagerToAgent, FromUsername: from));
        Assert.True(offer.Accepted, offer.Reason.ToString());
    }

    private async Task ReportAsync(string username, string callId, AgentCallPhase phase, AgentCallKind kind)
    {
        await Agent(username).OnCallProgressAsync(new AgentCallProgress(callId, phase, kind, "13800138000", At: system.Now));
        await system.SettleAsync();
    }

    [Fact]
    public async Task Call_progress_in_reverse_leaves_the_agent_free_with_only_the_bye_pushed()
    {
        var (agent, project) = await IdleAgentAsync();
        var callId = Guid.NewGuid().ToString();
        await OfferAsync(agent, project, callId, AgentCallKind.Transfer, from: "1999");
        var from = await HubPositionAsync();

        // Ended overtook Connected, which overtook Launched: the late ones come after the end and count for nothing.
        await ReportAsync(agent, callId, AgentCallPhase.Ended, AgentCallKind.Transfer);
        await ReportAsync(agent, callId, AgentCallPhase.Connected, AgentCallKind.Transfer);
        await ReportAsync(agent, callId, AgentCallPhase.Launched, AgentCallKind.Transfer);

        var snapshot = (await Agent(agent).GetAsync())!;
        Assert.Null(snapshot.CallId);
        Assert.Equal(AgentSessionStatus.None, snapshot.SessionStatus);
        Assert.Equal(AgentWorkStatus.Idle, snapshot.WorkStatus);
        Assert.Equal(new[] { $"/topic/bye/{agent}" }, await PushesSinceAsync(from, agent));
        // Free for the next call.
        await OfferAsync(agent, project, Guid.NewGuid().ToString(), AgentCallKind.Predictive);
    }

    [Theory]
    [InlineData(AgentCallKind.Transfer)]
    [InlineData(AgentCallKind.ManagerToAgent)]
    public async Task Connected_before_Launched_announces_the_launch_first_and_drops_the_late_one(AgentCallKind kind)
    {
        var (agent, project) = await IdleAgentAsync();
        var callId = Guid.NewGuid().ToString();
        await OfferAsync(agent, project, callId, kind, from: kind == AgentCallKind.Transfer ? "1999" : null);
        var from = await HubPositionAsync();

        await ReportAsync(agent, callId, AgentCallPhase.Connected, kind);
        await ReportAsync(agent, callId, AgentCallPhase.Launched, kind);
        var talking = (await Agent(agent).GetAsync())!;
        Assert.Equal(AgentSessionStatus.Talking, talking.SessionStatus);
        Assert.Equal(callId, talking.CallId);

        await ReportAsync(agent, callId, AgentCallPhase.Ended, kind);
        await ReportAsync(agent, callId, AgentCallPhase.Connected, kind);

        string[] launch = kind == AgentCallKind.Transfer
            ? [$"/topic/transfer/{agent}", $"/topic/notify/{project}/{agent}", $"/topic/notify/{agent}"]
            : [$"/topic/call/{agent}"];
        string[] state = [$"/topic/status/{agent}", $"/topic/callExtStatus/{project}"];
        string[] expected = [.. launch, $"/topic/invite/{agent}", .. state, $"/topic/bye/{agent}", .. state];
        Assert.Equal(expected, await PushesSinceAsync(from, agent));
        var after = (await Agent(agent).GetAsync())!;
        Assert.Null(after.CallId);
        Assert.Equal(AgentSessionStatus.None, after.SessionStatus);
        Assert.Equal(AgentWorkStatus.Idle, after.WorkStatus);
    }

    [Fact]
    public async Task An_ended_of_an_earlier_attempt_arriving_after_the_call_was_offered_again_ends_nothing()
    {
        var (agent, project) = await IdleAgentAsync();
        var callId = Guid.NewGuid().ToString();
        await OfferAsync(agent, project, callId, AgentCallKind.Predictive);
        await system.AdvanceAsync(TimeSpan.FromSeconds(1));
        // The first attempt ends now (the agent's phone did not answer); its Ended is still on its way when the dialer
        // offers the same customer to the same agent again, and the second attempt connects.
        var firstEnded = new AgentCallProgress(callId, AgentCallPhase.Ended, AgentCallKind.Predictive, "13800138000", At: system.Now);
        await system.AdvanceAsync(TimeSpan.FromSeconds(1));
        await OfferAsync(agent, project, callId, AgentCallKind.Predictive);
        await ReportAsync(agent, callId, AgentCallPhase.Connected, AgentCallKind.Predictive);
        await Agent(agent).OnCallProgressAsync(firstEnded);
        await system.SettleAsync();

        var snapshot = (await Agent(agent).GetAsync())!;
        Assert.Equal(callId, snapshot.CallId);
        Assert.Equal(AgentSessionStatus.Talking, snapshot.SessionStatus);
        await ReportAsync(agent, callId, AgentCallPhase.Ended, AgentCallKind.Predictive);
        Assert.Null((await Agent(agent).GetAsync())!.CallId);
    }

    [Fact]
    public async Task Task_calls_have_no_launch_step_to_imply()
    {
        var (agent, project) = await IdleAgentAsync();
        var callId = Guid.NewGuid().ToString();
        await OfferAsync(agent, project, callId, AgentCallKind.Predictive);
        var from = await HubPositionAsync();

        await ReportAsync(agent, callId, AgentCallPhase.Connected, AgentCallKind.Predictive);
        await ReportAsync(agent, callId, AgentCallPhase.Ended, AgentCallKind.Predictive);

        // As in order: invite, not call (the wire of predictive calls is unchanged).
        string[] state = [$"/topic/status/{agent}", $"/topic/callExtStatus/{project}"];
        string[] expected = [$"/topic/invite/{agent}", .. state, $"/topic/bye/{agent}", .. state];
        Assert.Equal(expected, await PushesSinceAsync(from, agent));
    }

    [Fact]
    public async Task A_register_that_arrives_after_its_unregister_does_not_show_the_phone_registered()
    {
        var (agent, _) = await IdleAgentAsync();
        var extension = system.Grains.GetGrain<IExtensionGrain>(IExtensionGrain.KeyFor("demo", agent));
        var registeredAt = (await extension.GetAsync())!.RegisteredAt!.Value;
        await system.AdvanceAsync(TimeSpan.FromSeconds(1));
        Assert.True(system.Network.UnregisterPhone(agent, ManagementSilo.DemoDomain));
        await system.SettleAsync();
        var from = await HubPositionAsync();

        // The router's register event for the same phone, delayed past the unregister that followed it.
        await extension.OnRegistrationAsync(new ExtensionRegistrationChanged("demo", agent, true, "sip:late@10.0.0.1", registeredAt));
        await system.SettleAsync();
        Assert.False((await extension.GetAsync())!.Registered);

        // The extension's notification of that register, delayed past the notification of the unregister: the agent
        // asks the extension what is true now.
        await Agent(agent).OnExtensionRegistrationAsync(new ExtensionRegistrationChanged("demo", agent, true, "sip:late@10.0.0.1", registeredAt));
        await system.SettleAsync();

        var snapshot = (await Agent(agent).GetAsync())!;
        Assert.False(snapshot.Registered);
        Assert.Equal(AgentWorkStatus.Busy, snapshot.WorkStatus);
        Assert.Empty(await PushesSinceAsync(from, agent));

        // A register that really is newer still counts.
        Assert.True(system.Network.RegisterPhone(agent, ManagementSilo.DemoDomain, await extension.RevealPasswordAsync()));
        await system.SettleAsync();
        Assert.True((await Agent(agent).GetAsync())!.Registered);
    }

    [Fact]
    public async Task An_unregister_notification_that_arrives_after_the_register_leaves_the_agent_registered()
    {
        var (agent, _) = await IdleAgentAsync();
        var from = await HubPositionAsync();

        await Agent(agent).OnExtensionRegistrationAsync(new ExtensionRegistrationChanged("demo", agent, false, null, system.Now));
        await system.SettleAsync();

        var snapshot = (await Agent(agent).GetAsync())!;
        Assert.True(snapshot.Registered);
        Assert.Equal(AgentWorkStatus.Idle, snapshot.WorkStatus);
        Assert.Empty(await PushesSinceAsync(from, agent));
    }

    [Fact]
    public async Task Off_hook_reports_are_checked_against_the_off_hook_leg()
    {
        var (agent, project) = await IdleAgentAsync();

        // An "up" for a leg that is not (or no longer) up: not taken.
        await Agent(agent).OnOffHookChangedAsync(Guid.NewGuid().ToString());
        await system.SettleAsync();
        var before = (await Agent(agent).GetAsync())!;
        Assert.Null(before.OffHookLegId);
        Assert.Equal(AgentWorkType.Direct, before.WorkType);

        // Off-hook for real: the system rings the extension once and keeps the answered leg.
        Assert.True((await Agent(agent).SetWorkStatusAsync(AgentWorkStatus.Idle, AgentWorkType.LongConnection, project)).Ok);
        await system.SettleAsync();
        await system.AnswerAsync(agent);
        var leg = (await Agent(agent).GetAsync())!.OffHookLegId;
        Assert.NotNull(leg);

        // A "gone" (of an earlier leg) that arrives while this one is up: the agent stays off-hook and available.
        await Agent(agent).OnOffHookChangedAsync(null);
        await system.SettleAsync();
        var after = (await Agent(agent).GetAsync())!;
        Assert.Equal(leg, after.OffHookLegId);
        Assert.Equal(AgentWorkStatus.Idle, after.WorkStatus);
        Assert.Equal(AgentWorkType.LongConnection, after.WorkType);
    }

    [Fact]
    public async Task An_off_hook_ring_answered_after_the_agent_chose_another_work_type_is_hung_up()
    {
        var (agent, project) = await IdleAgentAsync();
        Assert.True((await Agent(agent).SetWorkStatusAsync(AgentWorkStatus.Idle, AgentWorkType.LongConnection, project)).Ok);
        await system.SettleAsync();
        var ring = system.Leg(agent);

        // While it rings the agent goes back to direct calls; then the phone is picked up.
        Assert.True((await Agent(agent).SetWorkStatusAsync(AgentWorkStatus.Idle, AgentWorkType.Direct, project)).Ok);
        await system.AnswerAsync(agent);

        var snapshot = (await Agent(agent).GetAsync())!;
        Assert.Null(snapshot.OffHookLegId);
        Assert.Equal(AgentWorkType.Direct, snapshot.WorkType);
        Assert.Equal(AgentWorkStatus.Idle, snapshot.WorkStatus);
        Assert.Null(system.Network.GetLeg(ring.LegId));
    }
}
