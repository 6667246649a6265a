using CallCenter.Telephony.Simulated;
using CallCenter.Telephony.Tests.Support;

namespace CallCenter.Telephony.Tests;

public sealed class TransferTests
{
    [Fact]
    public async Task Blind_transfer_releases_the_partner_and_connects_the_leg_to_the_new_destination_when_it_answers()
    {
        await using var h = new SimulatorHarness();
        await h.GatewayAsync("gw");
        var customer = await h.CallAsync(new PstnEndpoint("13900000001", "gw"), callId: "call-1");
        Assert.True(h.Network.AnswerFarEnd(customer));
        var agent = await h.AnsweredExtensionLegAsync("1001", "call-1");
        await h.Switch.BridgeAsync(customer, agent);
        await h.PhoneAsync("1002");
        var before = h.Events.Count;

        await h.Switch.TransferAsync(customer, new ExtensionEndpoint("1002", SimulatorHarness.Domain));
        await h.SettleAsync();

        var released = h.Single<LegHungUp>(agent);
        Assert.Equal((HangupCauses.NormalClearing, HangupInitiator.Local), (released.Cause, released.Initiator));
        var created = h.Events.Skip(before).OfType<LegCreated>().Single();
        Assert.Equal("call-1", created.CallId);
        Assert.Equal("customer", created.Variable(ChannelVariables.Role));
        Assert.Equal("13900000001", created.CallerIdNumber);
        Assert.Equal("1002", created.DestinationNumber);
        Assert.NotNull(h.Network.GetLeg(customer));

        Assert.True(h.Network.AnswerFarEnd(created.LegId));
        await h.SettleAsync();

        Assert.Equal(created.LegId, h.Last<LegBridged>(customer).OtherLegId);
        Assert.True(h.Network.CanHear(customer, created.LegId));
        EventOrder.AssertValid(h.Events);
    }

    [Fact]
    public async Task When_the_new_destination_fails_the_transferred_leg_stays_up()
    {
        await using var h = new SimulatorHarness();
        var (agent, customer) = await h.BridgedPairAsync();
        await h.PhoneAsync("1003");
        h.Network.SetPhoneBusy("1003", SimulatorHarness.Domain, true);

        await h.Switch.TransferAsync(customer, new ExtensionEndpoint("1003", SimulatorHarness.Domain));
        await h.Switch.TransferAsync(customer, new ExtensionEndpoint("1004", SimulatorHarness.Domain));
        await h.SettleAsync();

        var failures = h.Events.OfType<LegHungUp>().Where(e => e.LegId != agent && e.LegId != customer).Select(e => e.Cause).ToArray();
        Assert.Equal([HangupCauses.UserBusy, "SUBSCRIBER_ABSENT"], failures);
        var leg = h.Network.GetLeg(customer);
        Assert.NotNull(leg);
        Assert.Null(leg.BridgedTo);
    }

    [Fact]
    public async Task If_the_transferred_party_hangs_up_while_the_new_destination_rings_that_leg_is_cancelled()
    {
        await using var h = new SimulatorHarness();
        var (_, customer) = await h.BridgedPairAsync();
        await h.PhoneAsync("1003");
        await h.Switch.TransferAsync(customer, new ExtensionEndpoint("1003", SimulatorHarness.Domain));
        await h.SettleAsync();
        var target = h.Events.OfType<LegCreated>().Last().LegId;

        Assert.True(h.Network.HangupFarEnd(customer));
        await h.SettleAsync();

        var cancelled = h.Single<LegHungUp>(target);
        Assert.Equal((HangupCauses.OriginatorCancel, HangupInitiator.Local), (cancelled.Cause, cancelled.Initiator));
    }

    [Fact]
    public async Task Transfer_to_the_PSTN_goes_through_the_gateway()
    {
        await using var h = new SimulatorHarness(o => o.Profiles[SimulatedNetworkOptions.DefaultProfileName] = new PstnProfile
        {
            AnswerProbability = 1, BusyProbability = 0, UnallocatedRate = 0,
            RingTime = DurationDistribution.Fixed(TimeSpan.FromSeconds(6)),
            TalkTime = DurationDistribution.Never, Patience = DurationDistribution.Never,
        });
        await h.GatewayAsync("gw");
        var (_, customer) = await h.BridgedPairAsync();

        await h.Switch.TransferAsync(customer, new PstnEndpoint("13900000009", "gw", "9"));
        await h.AdvanceAsync(6);

        var bridged = h.Last<LegBridged>(customer);
        var target = h.Network.GetLeg(bridged.OtherLegId)!;
        Assert.Equal("gw", target.Gateway);
        Assert.Equal("913900000009", target.WireNumber);
    }
}
