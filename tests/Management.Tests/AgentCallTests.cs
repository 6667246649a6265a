using System.Text.Json;
using CallCenter.Management.Agents;
using CallCenter.Management.Calls;
using CallCenter.Management.Tests.Support;
using CallCenter.Telephony;
using Microsoft.Extensions.DependencyInjection;

namespace CallCenter.Management.Tests;

/// <summary>Agent-first calls on the simulated network: the agent's phone rings, then the customer through a gateway;
/// every outcome ends in one call-log row with the right codes, billing and recording.</summary>
public sealed class AgentCallTests(ManagementSilo system) : IClassFixture<ManagementSilo>
{
    private const string Customer = "13800138000";

    private IAgentGrain Agent(string username) => system.Grains.GetGrain<IAgentGrain>(IAgentGrain.KeyFor("demo", username));

    private async Task<(string Agent, string CallId, string Project)> DialAsync(string telNo = Customer, int agents = 1, string? gateway = null)
    {
        var project = system.Unique("call");
        var usernames = await system.AgentsAsync(project, agents);
        var placed = await Agent(usernames[0]).PlaceCallAsync(new AgentDialRequest(AgentCallKind.Manual, telNo, project, GatewayCodes: gateway is null ? null : [gateway]));
        Assert.True(placed.Ok, placed.Error.ToString());
        await system.SettleAsync();
        return (usernames[0], placed.Value!, project);
    }

    [Fact]
    public async Task Answered_call_is_bridged_recorded_billed_and_logged_as_customer_hang_up()
    {
        var (gw, switchName) = await system.GatewayAsync(mobilePrefix: "9");
        var (agent, callId, project) = await DialAsync(gateway: gw);

        // The agent's phone rings first, showing the number it is about to call.
        var agentLeg = system.Leg(agent);
        Assert.Equal(Customer, agentLeg.CallerIdNumber);
        Assert.DoesNotContain(system.Network.ListLegs(), l => l.FarEnd == "pstn" && l.CallId == callId);
        await system.AnswerAsync(agent);

        // Then the customer, through the gateway with the mobile prefix on the wire only.
        var customerLeg = system.Network.ListLegs().Single(l => l.FarEnd == "pstn" && l.CallId == callId);
        Assert.Equal(switchName, customerLeg.Gateway);
        Assert.EndsWith("9" + Customer, customerLeg.WireNumber);
        Assert.Equal("02100000000", customerLeg.CallerIdNumber);
        var usage = await system.Api.GetAsync("/freeswitch/gateway/api/getAvailableList/v1");
        var line = usage.Data.EnumerateArray().Single(g => g.GetProperty("gwCode").GetString() == gw);
        Assert.Equal(1, line.GetProperty("usedConcurrency").GetInt32());
        Assert.Equal(4, line.GetProperty("availableConcurrency").GetInt32());

        await system.AnswerAsync(customerLeg.LegId);
        Assert.Equal(customerLeg.LegId, system.Network.GetLeg(agentLeg.LegId)!.BridgedTo);
        Assert.True(system.Network.CanHear(agentLeg.LegId, customerLeg.LegId));
        var snapshot = await Agent(agent).GetAsync();
        Assert.Equal(AgentSessionStatus.Talking, snapshot!.SessionStatus);
        Assert.Equal(callId, snapshot.CallId);
        Assert.Equal(Customer, snapshot.DestinationNumber);

        await system.AdvanceAsync(TimeSpan.FromSeconds(20));
        Assert.True(system.Network.HangupFarEnd(customerLeg.LegId));
        await system.SettleAsync();

        var log = await system.CallLogAsync(callId);
        Assert.Equal("10", log.GetProperty("result").GetString());
        Assert.Equal("55", log.GetProperty("resultDetail").GetString());
        Assert.Equal(20, log.GetProperty("billsec").GetInt32());
        Assert.True(log.GetProperty("duration").GetInt32() >= 20);
        Assert.Equal("6|10.0", log.GetProperty("priceRule").GetString());
        Assert.Equal(40m, log.GetProperty("priceCal").GetDecimal());
        Assert.Equal(agent, log.GetProperty("callerIdNumber").GetString());
        Assert.Equal(Customer, log.GetProperty("destinationNumber").GetString());
        Assert.Equal(project, log.GetProperty("projectCode").GetString());
        Assert.False(log.TryGetProperty("callTaskCode", out _));
        var key = log.GetProperty("recordBlobKey").GetString()!;
        Assert.StartsWith("demo/recordings/", key);
        Assert.Equal(key, log.GetProperty("recordFile").GetString());
        Assert.Equal("recordings|" + key, log.GetProperty("recordFileQiniu").GetString());
        var blob = await system.Silo.Services.GetRequiredService<IBlobStore>().GetInfoAsync(key);
        Assert.NotNull(blob);
        Assert.True(blob.Length > 44, "a WAV with samples");

        // The agent is free again and the channel is back.
        snapshot = await Agent(agent).GetAsync();
        Assert.Equal(AgentSessionStatus.None, snapshot!.SessionStatus);
        Assert.Null(snapshot.CallId);
        usage = await system.Api.GetAsync("/freeswitch/gateway/api/getAvailableList/v1");
        Assert.Equal(0, usage.Data.EnumerateArray().Single(g => g.GetProperty("gwCode").GetString() == gw).GetProperty("usedConcurrency").GetInt32());
    }

    [Fact]
    public async Task Agent_hanging_up_first_is_logged_as_agent_hang_up()
    {
        await system.GatewayAsync();
        var (agent, callId, _) = await DialAsync("13900139000");
        await system.AnswerAsync(agent);
        await system.AnswerAsync("13900139000");
        await system.AdvanceAsync(TimeSpan.FromSeconds(7));

        var bye = await Agent(agent).HangupAsync(callId);
        Assert.True(bye.Ok);
        await system.SettleAsync();

        var log = await system.CallLogAsync(callId);
        Assert.Equal("10", log.GetProperty("result").GetString());
        Assert.Equal("50", log.GetProperty("resultDetail").GetString());
        Assert.Equal(7, log.GetProperty("billsec").GetInt32());
        Assert.Equal(20m, log.GetProperty("priceCal").GetDecimal());
    }

    [Theory]
    [InlineData(HangupCauses.UserBusy, "20", "20")]
    [InlineData(HangupCauses.NoAnswer, "20", "25")]
    [InlineData(HangupCauses.UnallocatedNumber, "20", "10")]
    [InlineData(HangupCauses.CallRejected, "20", "5")]
    public async Task Customer_not_reached_maps_the_hang_up_cause(string cause, string result, string detail)
    {
        await system.GatewayAsync();
        var number = "1370013" + system.Unique("").PadLeft(4, '0')[^4..];
        var (agent, callId, _) = await DialAsync(number);
        await system.AnswerAsync(agent);
        var customer = system.Network.ListLegs().Single(l => l.FarEnd == "pstn" && l.CallId == callId);
        Assert.True(system.Network.RejectFarEnd(customer.LegId, cause));
        await system.SettleAsync();

        var log = await system.CallLogAsync(callId);
        Assert.Equal(result, log.GetProperty("result").GetString());
        Assert.Equal(detail, log.GetProperty("resultDetail").GetString());
        Assert.Equal(0, log.GetProperty("billsec").GetInt32());
        Assert.Equal(0m, log.GetProperty("priceCal").GetDecimal());
        Assert.False(log.TryGetProperty("recordBlobKey", out _));
        Assert.DoesNotContain(system.Network.ListLegs(), l => l.CallId == callId);
        Assert.Null((await Agent(agent).GetAsync())!.CallId);
    }

    [Fact]
    public async Task Agent_not_answering_fails_the_call_before_the_customer_is_dialled()
    {
        await system.GatewayAsync();
        var (agent, callId, _) = await DialAsync("13600136000");
        await system.AdvanceAsync(TimeSpan.FromSeconds(31));

        var log = await system.CallLogAsync(callId);
        Assert.Equal("20", log.GetProperty("result").GetString());
        Assert.Equal("32", log.GetProperty("resultDetail").GetString());
        Assert.Null((await Agent(agent).GetAsync())!.CallId);
    }

    [Fact]
    public async Task Satisfaction_survey_keeps_the_customer_on_to_rate_the_call()
    {
        await system.GatewayAsync();
        var (agent, callId, _) = await DialAsync("13500135000");
        await system.AnswerAsync(agent);
        var customer = system.Network.ListLegs().Single(l => l.FarEnd == "pstn" && l.CallId == callId);
        await system.AnswerAsync(customer.LegId);
        await system.AdvanceAsync(TimeSpan.FromSeconds(5));

        Assert.True((await Agent(agent).HangupAsync(callId, satisfactionSurvey: true)).Ok);
        await system.SettleAsync();
        // The agent is free at once; the customer hears the survey.
        Assert.Null((await Agent(agent).GetAsync())!.CallId);
        Assert.True(system.Network.GetLeg(customer.LegId)!.CollectingDigits);
        Assert.True(system.Network.PressDigits(customer.LegId, "2"));
        await system.AdvanceAsync(TimeSpan.FromSeconds(1));

        var log = await system.CallLogAsync(callId);
        Assert.Equal("50", log.GetProperty("resultDetail").GetString());
        Assert.Equal(2, log.GetProperty("evaluation").GetInt32());
    }

    [Fact]
    public async Task Calls_are_refused_without_a_gateway_channel_or_a_registered_free_agent()
    {
        var project = system.Unique("refuse");
        var agents = await system.AgentsAsync(project, 2);
        // No free channel: a gateway of one line, already in use.
        var (gw, _) = await system.GatewayAsync(expectCount: 1);
        var first = await Agent(agents[0]).PlaceCallAsync(new AgentDialRequest(AgentCallKind.Manual, "13400134000", project, GatewayCodes: [gw]));
        Assert.True(first.Ok);
        var second = await Agent(agents[1]).PlaceCallAsync(new AgentDialRequest(AgentCallKind.Manual, "13400134001", project, GatewayCodes: [gw]));
        Assert.Equal(ManagementError.NoGatewayAvailable, second.Error);
        Assert.Null((await Agent(agents[1]).GetAsync())!.CallId);

        // Busy: already on a call.
        var again = await Agent(agents[0]).PlaceCallAsync(new AgentDialRequest(AgentCallKind.Manual, "13400134002", project));
        Assert.Equal(ManagementError.AgentBusy, again.Error);
        // Another project's code.
        var wrong = await Agent(agents[1]).PlaceCallAsync(new AgentDialRequest(AgentCallKind.Manual, "13400134003", "nope"));
        Assert.Equal(ManagementError.AgentNotInProject, wrong.Error);
        // Unregistered.
        system.Network.UnregisterPhone(agents[1], ManagementSilo.DemoDomain);
        await system.SettleAsync();
        var unregistered = await Agent(agents[1]).PlaceCallAsync(new AgentDialRequest(AgentCallKind.Manual, "13400134004", project));
        Assert.Equal(ManagementError.AgentNotRegistered, unregistered.Error);

        Assert.True((await Agent(agents[0]).HangupAsync(first.Value!)).Ok);
        await system.SettleAsync();
    }

    [Fact]
    public async Task Transfer_is_refused_unless_the_target_is_registered_free_and_available_and_then_moves_the_customer()
    {
        await system.GatewayAsync();
        var (from, callId, project) = await DialAsync("13300133000", agents: 3);
        var extensions = await system.Api.GetAsync("/callcenter/callProject/api/getExtentionByProject/v1", ("projectCode", project));
        var others = extensions.Data.EnumerateArray().Select(e => e.GetProperty("username").GetString()!).Where(u => u != from).Order().ToList();
        await system.AnswerAsync(from);
        var customer = system.Network.ListLegs().Single(l => l.FarEnd == "pstn" && l.CallId == callId);
        await system.AnswerAsync(customer.LegId);

        // Registered but not available.
        Assert.Equal(ManagementError.AgentNotIdle, (await Agent(from).TransferAsync(callId, others[0])).Error);
        // Available but unregistered.
        Assert.True((await Agent(others[1]).SetWorkStatusAsync(AgentWorkStatus.Idle)).Ok);
        system.Network.UnregisterPhone(others[1], ManagementSilo.DemoDomain);
        await system.SettleAsync();
        await Agent(others[1]).SetWorkStatusAsync(AgentWorkStatus.Idle);
        Assert.Equal(ManagementError.AgentNotRegistered, (await Agent(from).TransferAsync(callId, others[1])).Error);
        // Unknown extension.
        Assert.Equal(ManagementError.ExtensionNotFound, (await Agent(from).TransferAsync(callId, "55555")).Error);

        // Available, registered and free: the customer moves to them once they answer.
        Assert.True((await Agent(others[0]).SetWorkStatusAsync(AgentWorkStatus.Idle)).Ok);
        Assert.True((await Agent(from).TransferAsync(callId, others[0])).Ok);
        await system.SettleAsync();
        // Busy now: a second transfer to anyone is refused while one is pending.
        await system.AnswerAsync(others[0]);
        var target = system.Leg(others[0]);
        Assert.Equal(customer.LegId, target.BridgedTo);
        Assert.Null((await Agent(from).GetAsync())!.CallId);
        var taken = await Agent(others[0]).GetAsync();
        Assert.Equal(callId, taken!.CallId);
        Assert.Equal(AgentSessionStatus.Talking, taken.SessionStatus);

        // The target, now busy, cannot be offered another call.
        var offer = await Agent(others[0]).OfferCallAsync(new AgentOffer("other-call", AgentCallKind.Predictive, new CallCenter.Calls.LegOwner("x", "demo/x"), "1"));
        Assert.Equal(ManagementError.AgentBusy, offer.Reason);

        Assert.True(system.Network.HangupFarEnd(customer.LegId));
        await system.SettleAsync();
        var log = await system.CallLogAsync(callId);
        Assert.Equal("55", log.GetProperty("resultDetail").GetString());
        Assert.Null((await Agent(others[0]).GetAsync())!.CallId);
    }

    [Fact]
    public async Task A_voice_is_played_into_the_live_call_and_stopped()
    {
        await system.GatewayAsync();
        var (agent, callId, _) = await DialAsync("13200132000");
        await system.AnswerAsync(agent);
        var customer = system.Network.ListLegs().Single(l => l.FarEnd == "pstn" && l.CallId == callId);
        await system.AnswerAsync(customer.LegId);

        await using (var content = new MemoryStream(new byte[100]))
            await system.Silo.Services.GetRequiredService<IBlobStore>().PutAsync("demo/voices/welcome.wav", content, "audio/wav");
        var registered = await system.Api.PostAsync("/callcenter/callProject/api/uploadVoiceFile/v1", ("qiniuStoreKey", "welcome.wav"), ("voiceCode", "welcome"));
        Assert.Equal(1, registered.Code);

        Assert.Equal(ManagementError.VoiceNotFound, (await Agent(agent).PlayVoiceAsync(callId, "nope")).Error);
        Assert.True((await Agent(agent).PlayVoiceAsync(callId, "welcome")).Ok);
        await system.SettleAsync();
        Assert.Equal("demo/voices/welcome.wav", system.Network.GetLeg(customer.LegId)!.Playing);
        Assert.True((await Agent(agent).PlayVoiceAsync(callId, "welcome", stop: true)).Ok);
        await system.SettleAsync();
        Assert.Null(system.Network.GetLeg(customer.LegId)!.Playing);

        Assert.True((await Agent(agent).HangupAsync(callId)).Ok);
        await system.SettleAsync();
    }

    [Fact]
    public async Task A_manager_calls_an_agent_extension_to_extension()
    {
        var project = system.Unique("pmcall");
        var certificate = await system.CreateProjectAsync(project, 1);
        var (agent, agentPassword) = await system.ClaimAsync(certificate);
        var (manager, managerPassword) = await system.ClaimAsync(certificate, type: 3);
        foreach (var (u, p) in new[] { (agent, agentPassword), (manager, managerPassword) })
        {
            system.Network.SetPhonePolicy(u, ManagementSilo.DemoDomain, Telephony.Simulated.PhoneAnswerPolicy.Manual());
            Assert.True(system.Network.RegisterPhone(u, ManagementSilo.DemoDomain, p));
        }
        await system.SettleAsync();

        var placed = await Agent(manager).PlaceCallAsync(new AgentDialRequest(AgentCallKind.ManagerToAgent, agent));
        Assert.True(placed.Ok, placed.Error.ToString());
        await system.SettleAsync();
        await system.AnswerAsync(manager);
        await system.AnswerAsync(agent);
        Assert.Equal(AgentSessionStatus.Talking, (await Agent(agent).GetAsync())!.SessionStatus);
        Assert.Equal(AgentSessionStatus.Talking, (await Agent(manager).GetAsync())!.SessionStatus);

        Assert.True((await Agent(manager).HangupAsync(placed.Value!)).Ok);
        await system.SettleAsync();
        var log = await system.CallLogAsync(placed.Value!);
        Assert.Equal("10", log.GetProperty("result").GetString());
        Assert.Equal(5, log.GetProperty("callType").GetInt32());
        Assert.Null((await Agent(agent).GetAsync())!.CallId);
    }

    [Fact]
    public async Task Call_info_names_the_legs_for_supervision()
    {
        await system.GatewayAsync();
        var (agent, callId, _) = await DialAsync("13100131000");
        var info = await system.Grains.GetGrain<IAgentCallGrain>(IAgentCallGrain.KeyFor("demo", callId)).GetAsync();
        Assert.Equal(AgentCallState.RingingAgent, info!.State);
        Assert.Equal(system.Leg(agent).LegId, info.AgentLegId);
        Assert.Equal(JsonSerializer.Serialize(info), JsonSerializer.Serialize(await Agent(agent).GetCallAsync()));
        Assert.True((await Agent(agent).HangupAsync(callId)).Ok);
        await system.SettleAsync();
    }
}
