using CallCenter.Telephony.Tests.Support;

namespace CallCenter.Telephony.Tests;

public sealed class ConferenceTests
{
    [Fact]
    public async Task Joining_takes_a_leg_out_of_its_bridge_and_leaves_the_partner_up()
    {
        await using var h = new SimulatorHarness();
        var (agent, customer) = await h.BridgedPairAsync();

        await h.Switch.ConferenceJoinAsync("room", customer);
        await h.SettleAsync();

        var tail = h.Of(customer).TakeLast(2).Select(e => e.GetType()).ToArray();
        Assert.Equal([typeof(LegUnbridged), typeof(ConferenceMemberJoined)], tail);
        Assert.NotNull(h.Network.GetLeg(agent));
        Assert.Equal("room", h.Network.GetLeg(customer)!.Conference);
    }

    [Fact]
    public async Task Member_ids_count_up_and_an_emptied_conference_is_gone()
    {
        await using var h = new SimulatorHarness();
        var a = await h.AnsweredExtensionLegAsync("1001");
        var b = await h.AnsweredExtensionLegAsync("1002");

        await h.Switch.ConferenceJoinAsync("room", a);
        await h.Switch.ConferenceJoinAsync("room", b);
        Assert.Equal(["1", "2"], (await h.Switch.ConferenceListAsync("room")).Select(m => m.MemberId));

        await h.Switch.ParkAsync(a);
        await h.Switch.ParkAsync(b);
        await h.SettleAsync();
        Assert.Empty(await h.Switch.ConferenceListAsync("room"));
        Assert.Equal(2, h.Events.OfType<ConferenceMemberLeft>().Count());

        await h.Switch.ConferenceJoinAsync("room", b);
        Assert.Equal("1", Assert.Single(await h.Switch.ConferenceListAsync("room")).MemberId);
    }

    [Fact]
    public async Task Destroying_a_conference_hangs_up_every_member()
    {
        await using var h = new SimulatorHarness();
        var a = await h.AnsweredExtensionLegAsync("1001");
        var b = await h.AnsweredExtensionLegAsync("1002");
        await h.Switch.ConferenceJoinAsync("room", a);
        await h.Switch.ConferenceJoinAsync("room", b);

        await h.Switch.ConferenceDestroyAsync("room");
        await h.Switch.ConferenceDestroyAsync("room");
        await h.SettleAsync();

        foreach (var leg in new[] { a, b })
        {
            Assert.Equal([typeof(ConferenceMemberLeft), typeof(LegHungUp)], h.Of(leg).TakeLast(2).Select(e => e.GetType()));
            Assert.Equal(HangupCauses.NormalClearing, h.Single<LegHungUp>(leg).Cause);
        }
        Assert.Empty(await h.Switch.ListLegsAsync());
    }

    [Fact]
    public async Task Conference_commands_on_non_members_are_refused_and_waiting_inbound_legs_are_answered_on_joining()
    {
        await using var h = new SimulatorHarness();
        await h.GatewayAsync("gw");
        var a = await h.AnsweredExtensionLegAsync("1001");
        var caller = h.Network.PlaceInboundCall("15550001111", "4008001000", "gw")!;
        await h.PhoneAsync("1002");
        var ringing = await h.CallExtensionAsync("1002");

        await Assert.ThrowsAsync<SwitchCommandException>(() => h.Switch.ConferenceKickAsync("room", a));
        await Assert.ThrowsAsync<SwitchCommandException>(() => h.Switch.ConferenceMuteAsync("room", a, true));
        await Assert.ThrowsAsync<SwitchCommandException>(() => h.Switch.ConferenceJoinAsync("room", ringing));
        await h.Switch.ConferenceJoinAsync("room", caller);
        await h.SettleAsync();

        Assert.Equal([typeof(LegCreated), typeof(LegAnswered), typeof(ConferenceMemberJoined)], SimulatorHarness.Types(h.Of(caller)));
        Assert.Empty(await h.Switch.ConferenceListAsync("no-such-room"));
    }
}
