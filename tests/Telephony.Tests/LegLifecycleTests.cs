using CallCenter.Telephony.Simulated;
using CallCenter.Telephony.Tests.Support;

namespace CallCenter.Telephony.Tests;

public sealed class LegLifecycleTests
{
    [Fact]
    public async Task A_full_call_emits_the_FreeSWITCH_sequence_on_each_leg_and_unbridges_before_hanging_up()
    {
        await using var h = new SimulatorHarness();
        var (agent, customer) = await h.BridgedPairAsync();
        await h.AdvanceAsync(42);

        Assert.True(h.Network.HangupFarEnd(customer));
        await h.SettleAsync();

        Type[] lifecycle = [typeof(LegCreated), typeof(LegRinging), typeof(LegAnswered), typeof(LegBridged), typeof(LegUnbridged), typeof(LegHungUp)];
        Assert.Equal(lifecycle, SimulatorHarness.Types(h.Of(customer)));
        Assert.Equal(lifecycle, SimulatorHarness.Types(h.Of(agent)));
        var order = h.Events.Where(e => e is LegUnbridged or LegHungUp).Select(e => (e.GetType().Name, e.LegId)).ToArray();
        Assert.Equal([("LegUnbridged", customer), ("LegUnbridged", agent), ("LegHungUp", customer), ("LegHungUp", agent)], order);
        var end = h.Last<LegHungUp>(customer);
        Assert.Equal(42, end.BillSeconds);
        Assert.Equal(h.Clock.GetUtcNow(), end.Timestamp);
        Assert.Empty(await h.Switch.ListLegsAsync());
        EventOrder.AssertValid(h.Events);
    }

    [Fact]
    public async Task Bridging_a_leg_that_is_bridged_elsewhere_unbridges_it_first_and_parks_the_old_partner()
    {
        await using var h = new SimulatorHarness();
        var (agent, customer) = await h.BridgedPairAsync();
        var supervisor = await h.AnsweredExtensionLegAsync("1003");
        var before = h.Events.Count;

        await h.Switch.BridgeAsync(customer, supervisor);
        await h.SettleAsync();

        var after = h.Events.Skip(before).Select(e => (e.GetType().Name, e.LegId)).ToArray();
        Assert.Equal([("LegUnbridged", customer), ("LegUnbridged", agent), ("LegBridged", customer), ("LegBridged", supervisor)], after);
        var parked = h.Network.GetLeg(agent);
        Assert.NotNull(parked);
        Assert.Null(parked.BridgedTo);
        Assert.True(h.Network.CanHear(customer, supervisor));
        Assert.False(h.Network.CanHear(customer, agent));
    }

    [Fact]
    public async Task Park_takes_a_leg_out_of_its_bridge_and_both_legs_stay_up()
    {
        await using var h = new SimulatorHarness();
        var (agent, customer) = await h.BridgedPairAsync();

        await h.Switch.ParkAsync(customer);
        await h.SettleAsync();

        Assert.Equal(agent, h.Single<LegUnbridged>(customer).OtherLegId);
        Assert.Equal(customer, h.Single<LegUnbridged>(agent).OtherLegId);
        Assert.Equal(2, (await h.Switch.ListLegsAsync()).Count);
        Assert.Empty(h.Network.AudioPaths());
    }

    [Fact]
    public async Task Bridging_an_inbound_call_that_waits_unanswered_answers_it()
    {
        await using var h = new SimulatorHarness();
        await h.GatewayAsync("gw");
        var caller = h.Network.PlaceInboundCall("15550001111", "4008001000", "gw");
        Assert.NotNull(caller);
        await h.SettleAsync();
        var created = Assert.IsType<LegCreated>(Assert.Single(h.Of(caller)));
        Assert.Equal(LegDirection.Inbound, created.Direction);
        Assert.Equal("4008001000", created.DestinationNumber);
        Assert.Equal("gw", created.Gateway);
        Assert.Null(created.CallId);
        var agent = await h.AnsweredExtensionLegAsync("1001");

        await h.Switch.BridgeAsync(caller, agent);
        await h.SettleAsync();

        Assert.Equal([typeof(LegCreated), typeof(LegAnswered), typeof(LegBridged)], SimulatorHarness.Types(h.Of(caller)));
    }

    [Fact]
    public async Task Answer_applies_to_inbound_legs_once_and_is_refused_for_outbound_legs_still_ringing()
    {
        await using var h = new SimulatorHarness();
        await h.PhoneAsync("1001");
        var phoneCall = h.Network.PlaceCallFromPhone("1001", SimulatorHarness.Domain, "9001");
        var ringing = await h.CallExtensionAsync("1001");

        await h.Switch.AnswerAsync(phoneCall);
        await h.Switch.AnswerAsync(phoneCall);
        await h.SettleAsync();

        Assert.Single(h.Of(phoneCall).OfType<LegAnswered>());
        var refused = await Assert.ThrowsAsync<SwitchCommandException>(() => h.Switch.AnswerAsync(ringing));
        Assert.Equal("uuid_answer", refused.Command);
        await Assert.ThrowsAsync<SwitchCommandException>(() => h.Switch.HoldAsync(ringing));
        await Assert.ThrowsAsync<SwitchCommandException>(() => h.Switch.BridgeAsync(ringing, phoneCall));
    }

    [Fact]
    public async Task A_leg_id_in_use_is_refused()
    {
        await using var h = new SimulatorHarness();
        await h.PhoneAsync("1001");
        await h.PhoneAsync("1002");
        var leg = await h.CallExtensionAsync("1001");

        await Assert.ThrowsAsync<SwitchCommandException>(() =>
            h.Switch.OriginateAsync(new OriginateRequest(leg, "c", new ExtensionEndpoint("1002", SimulatorHarness.Domain), "4000")));
    }

    [Fact]
    public async Task Calling_an_extension_the_directory_lacks_fails_with_SUBSCRIBER_ABSENT_and_no_channel()
    {
        await using var h = new SimulatorHarness();

        var leg = await h.CallExtensionAsync("7777");

        var end = Assert.IsType<LegHungUp>(Assert.Single(h.Of(leg)));
        Assert.Equal("SUBSCRIBER_ABSENT", end.Cause);
        Assert.Equal(HangupInitiator.Local, end.Initiator);
    }

    [Fact]
    public async Task Setting_the_call_variable_moves_later_events_to_that_call_and_empty_values_remove_variables()
    {
        await using var h = new SimulatorHarness();
        await h.GatewayAsync("gw");
        var caller = h.Network.PlaceInboundCall("15550001111", "4008001000", "gw")!;

        await h.Switch.SetVariablesAsync(caller, new Dictionary<string, string> { [ChannelVariables.Call] = "call-42", [ChannelVariables.Tenant] = "t1", ["x"] = "1" });
        await h.Switch.SetVariablesAsync(caller, new Dictionary<string, string> { ["x"] = "" });
        await h.Switch.AnswerAsync(caller);
        await h.SettleAsync();

        var created = h.Single<LegCreated>(caller);
        var answered = h.Single<LegAnswered>(caller);
        Assert.Null(created.CallId);
        Assert.Empty(created.Variables);
        Assert.Equal("call-42", answered.CallId);
        Assert.Equal("t1", answered.Variable(ChannelVariables.Tenant));
        Assert.Null(answered.Variable("x"));
        Assert.Equal("call-42", (await h.Switch.ListLegsAsync()).Single().CallId);
    }

    [Fact]
    public async Task Hold_and_unhold_are_idempotent()
    {
        await using var h = new SimulatorHarness();
        var (_, customer) = await h.BridgedPairAsync();

        await h.Switch.HoldAsync(customer);
        await h.Switch.HoldAsync(customer);
        await h.Switch.UnholdAsync(customer);
        await h.Switch.UnholdAsync(customer);
        await h.SettleAsync();

        Assert.Single(h.Of(customer).OfType<LegHeld>());
        Assert.Single(h.Of(customer).OfType<LegUnheld>());
    }

    [Fact]
    public async Task A_cancelled_command_does_nothing()
    {
        await using var h = new SimulatorHarness();
        await h.PhoneAsync("1001");
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            h.Switch.OriginateAsync(new OriginateRequest("x", "c", new ExtensionEndpoint("1001", SimulatorHarness.Domain), "4000"), cancelled.Token));
        await h.SettleAsync();
        Assert.Empty(h.Of("x"));
    }

    [Fact]
    public async Task Inbound_calls_from_a_phone_carry_the_extension_and_domain()
    {
        await using var h = new SimulatorHarness();
        await h.PhoneAsync("1001");

        var leg = h.Network.PlaceCallFromPhone("1001", SimulatorHarness.Domain, "13800138000");
        await h.SettleAsync();

        var created = h.Single<LegCreated>(leg);
        Assert.Equal(LegDirection.Inbound, created.Direction);
        Assert.Equal("1001", created.CallerIdNumber);
        Assert.Equal("13800138000", created.DestinationNumber);
        Assert.Equal(SimulatorHarness.Domain, created.Domain);
        Assert.Throws<InvalidOperationException>(() => h.Network.PlaceCallFromPhone("1999", SimulatorHarness.Domain, "1"));
    }
}
