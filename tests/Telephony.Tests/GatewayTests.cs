using CallCenter.Telephony.Simulated;
using CallCenter.Telephony.Tests.Support;

namespace CallCenter.Telephony.Tests;

public sealed class GatewayTests
{
    [Fact]
    public async Task Originating_beyond_the_channel_limit_fails_before_a_channel_exists_and_frees_up_when_a_call_ends()
    {
        await using var h = new SimulatorHarness();
        await h.GatewayAsync("gw", channelLimit: 2);
        var first = await h.CallAsync(new PstnEndpoint("13900000001", "gw"));
        var second = await h.CallAsync(new PstnEndpoint("13900000002", "gw"));

        var third = await h.CallAsync(new PstnEndpoint("13900000003", "gw"));

        var refused = Assert.IsType<LegHungUp>(Assert.Single(h.Of(third)));
        Assert.Equal(HangupCauses.NormalCircuitCongestion, refused.Cause);
        Assert.Equal(HangupInitiator.Local, refused.Initiator);
        Assert.Equal(2, h.Network.ActiveChannels("gw"));
        Assert.Null(h.Network.PlaceInboundCall("15550001111", "4008001000", "gw"));

        Assert.True(h.Network.HangupFarEnd(first));
        await h.SettleAsync();
        var fourth = await h.CallAsync(new PstnEndpoint("13900000004", "gw"));
        Assert.IsType<LegCreated>(h.Of(fourth)[0]);
        Assert.Equal(2, h.Network.ActiveChannels("gw"));
        _ = second;
    }

    [Fact]
    public async Task Inbound_calls_count_against_the_limit_too()
    {
        await using var h = new SimulatorHarness();
        await h.GatewayAsync("gw", channelLimit: 1);
        Assert.NotNull(h.Network.PlaceInboundCall("15550001111", "4008001000", "gw"));

        var outbound = await h.CallAsync(new PstnEndpoint("13900000001", "gw"));

        Assert.Equal(HangupCauses.NormalCircuitCongestion, h.Single<LegHungUp>(outbound).Cause);
    }

    [Fact]
    public async Task The_dial_prefix_goes_on_the_wire_but_never_into_events()
    {
        await using var h = new SimulatorHarness();
        await h.GatewayAsync("gw");

        var leg = await h.CallAsync(new PstnEndpoint("13900000001", "gw", DialPrefix: "0086"));

        Assert.Equal("13900000001", h.Single<LegCreated>(leg).DestinationNumber);
        Assert.Equal("008613900000001", h.Network.GetLeg(leg)!.WireNumber);
        Assert.Equal("13900000001", (await h.Switch.ListLegsAsync()).Single().DestinationNumber);
    }

    [Fact]
    public async Task Gateway_state_changes_are_reported_and_down_or_unknown_gateways_refuse_calls()
    {
        await using var h = new SimulatorHarness();
        await h.GatewayAsync("gw");

        Assert.True(h.Network.SetGatewayUp("gw", false));
        var whileDown = await h.CallAsync(new PstnEndpoint("13900000001", "gw"));
        Assert.True(h.Network.SetGatewayUp("gw", true));
        var whileUp = await h.CallAsync(new PstnEndpoint("13900000001", "gw"));
        await h.Switch.RemoveGatewayAsync("gw");
        var afterRemoval = await h.CallAsync(new PstnEndpoint("13900000001", "gw"));
        var unknown = await h.CallAsync(new PstnEndpoint("13900000001", "nowhere"));

        Assert.Equal([true, false, true, false], h.Events.OfType<GatewayStateChanged>().Select(e => e.Up));
        Assert.All(h.Events.OfType<GatewayStateChanged>(), e => Assert.Equal("gw", e.Gateway));
        Assert.Equal("GATEWAY_DOWN", Assert.IsType<LegHungUp>(Assert.Single(h.Of(whileDown))).Cause);
        Assert.IsType<LegRinging>(h.Of(whileUp)[^1]);
        Assert.Equal("INVALID_GATEWAY", Assert.IsType<LegHungUp>(Assert.Single(h.Of(afterRemoval))).Cause);
        Assert.Equal("INVALID_GATEWAY", Assert.IsType<LegHungUp>(Assert.Single(h.Of(unknown))).Cause);
        Assert.NotNull(h.Network.GetLeg(whileUp));
    }

    [Fact]
    public async Task Reprovisioning_a_gateway_changes_its_limit_without_dropping_calls()
    {
        await using var h = new SimulatorHarness();
        await h.GatewayAsync("gw", channelLimit: 1);
        var first = await h.CallAsync(new PstnEndpoint("13900000001", "gw"));

        await h.GatewayAsync("gw", channelLimit: 2);
        var second = await h.CallAsync(new PstnEndpoint("13900000002", "gw"));

        Assert.NotNull(h.Network.GetLeg(first));
        Assert.NotNull(h.Network.GetLeg(second));
        Assert.Single(h.Events.OfType<GatewayStateChanged>());
    }
}
