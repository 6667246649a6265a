using CallCenter.Telephony.Simulated;
using CallCenter.Telephony.Tests.Support;

namespace CallCenter.Telephony.Tests;

public sealed class InboundTrafficTests
{
    private static InboundTrafficOptions Hotline(double callsPerHour) => new()
    {
        Name = "hotline",
        Number = "4008001000",
        Gateway = "gw",
        CallsPerHour = callsPerHour,
    };

    private static PstnProfile Callers(DurationDistribution patience, DurationDistribution talk) => new()
    {
        Patience = patience,
        TalkTime = talk,
    };

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public async Task Arrivals_over_a_virtual_hour_follow_the_configured_rate(int seed)
    {
        await using var h = new SimulatorHarness(o =>
        {
            o.Seed = seed;
            o.Profiles[SimulatedNetworkOptions.DefaultProfileName] = Callers(DurationDistribution.Exponential(TimeSpan.FromSeconds(30)), DurationDistribution.Never);
        });
        await h.GatewayAsync("gw");
        h.Network.StartInboundTraffic(Hotline(360));

        await h.AdvanceAsync(TimeSpan.FromHours(1));

        // Poisson with mean 360: the standard deviation is 19; 4 of them keep a correct simulator from ever failing.
        var stats = h.Network.GetInboundTrafficStats("hotline")!;
        Assert.InRange(stats.Arrivals, 360 - 76, 360 + 76);
        var created = h.Events.OfType<LegCreated>().ToArray();
        Assert.Equal(stats.Arrivals, created.Length);
        Assert.All(created, e =>
        {
            Assert.Equal(LegDirection.Inbound, e.Direction);
            Assert.Equal("4008001000", e.DestinationNumber);
            Assert.Equal("gw", e.Gateway);
            Assert.StartsWith("1555", e.CallerIdNumber);
            Assert.Equal(10, e.CallerIdNumber.Length);
        });
        Assert.DoesNotContain(h.Events, e => e is LegRinging);

        // Nobody answers, so every caller gives up; the mean wait is the patience mean (30 s, sd of the mean about 1.6 s).
        var waits = h.Events.OfType<LegHungUp>().ToArray();
        Assert.True(waits.Length >= stats.Arrivals - 15, "only callers who arrived in the last minutes may still wait");
        Assert.All(waits, e => Assert.Equal((HangupCauses.OriginatorCancel, HangupInitiator.Remote), (e.Cause, e.Initiator)));
        var meanWait = h.Events.OfType<LegHungUp>().Average(e => (e.Timestamp - e.CreatedAt).TotalSeconds);
        Assert.InRange(meanWait, 30 - 7, 30 + 7);
        Assert.Equal(waits.Length, h.Network.GetInboundTrafficStats("hotline")!.Abandoned);
        EventOrder.AssertValid(h.Events);
    }

    [Fact]
    public async Task Callers_who_get_through_talk_for_their_talk_time_and_count_as_connected()
    {
        await using var h = new SimulatorHarness(o =>
            o.Profiles[SimulatedNetworkOptions.DefaultProfileName] = Callers(DurationDistribution.Never, DurationDistribution.Fixed(TimeSpan.FromSeconds(45))));
        await h.GatewayAsync("gw");
        await h.PhoneAsync("1001");
        h.Network.SetPhonePolicy("1001", SimulatorHarness.Domain, new PhoneAnswerPolicy { AnswerDelay = DurationDistribution.Zero, CallWaiting = true });
        var agentLegs = 0;
        using var _ = h.Switch.Subscribe(async e =>
        {
            // A tiny control plane: answer each caller and connect them to the agent's phone.
            if (e is LegCreated { Direction: LegDirection.Inbound } created)
            {
                await h.Switch.AnswerAsync(created.LegId);
                await h.Switch.OriginateAsync(new OriginateRequest($"agent-{++agentLegs}", created.LegId, new ExtensionEndpoint("1001", SimulatorHarness.Domain), created.CallerIdNumber));
            }
            else if (e is LegAnswered && e.LegId.StartsWith("agent-", StringComparison.Ordinal))
            {
                await h.Switch.BridgeAsync(e.CallId!, e.LegId);
            }
        });
        h.Network.StartInboundTraffic(Hotline(120));

        await h.AdvanceAsync(TimeSpan.FromMinutes(30));
        Assert.True(h.Network.StopInboundTraffic("hotline"));
        await h.AdvanceAsync(TimeSpan.FromMinutes(2));

        var stats = h.Network.GetInboundTrafficStats("hotline")!;
        Assert.True(stats.Arrivals > 30);
        Assert.Equal(stats.Arrivals, stats.Connected);
        Assert.Equal(0, stats.Abandoned);
        Assert.Equal(0, stats.Waiting);
        var callerEnds = h.Events.OfType<LegHungUp>().Where(e => !e.LegId.StartsWith("agent-", StringComparison.Ordinal)).ToArray();
        Assert.All(callerEnds, e => Assert.Equal((HangupInitiator.Remote, 45), (e.Initiator, e.BillSeconds)));
        EventOrder.AssertValid(h.Events);
    }

    [Fact]
    public async Task Stopped_traffic_stops_arriving_and_a_full_gateway_blocks_callers()
    {
        await using var h = new SimulatorHarness(o =>
            o.Profiles[SimulatedNetworkOptions.DefaultProfileName] = Callers(DurationDistribution.Never, DurationDistribution.Never));
        await h.GatewayAsync("gw", channelLimit: 3);
        h.Network.StartInboundTraffic(Hotline(600));

        await h.AdvanceAsync(TimeSpan.FromMinutes(10));
        var stats = h.Network.GetInboundTrafficStats("hotline")!;
        Assert.Equal(3, stats.Waiting);
        Assert.Equal(stats.Arrivals - 3, stats.Blocked);

        h.Network.StopInboundTraffic("hotline");
        await h.AdvanceAsync(TimeSpan.FromMinutes(10));
        Assert.Equal(stats.Arrivals, h.Network.GetInboundTrafficStats("hotline")!.Arrivals);
    }

    [Fact]
    public async Task Traffic_configured_in_options_starts_with_the_network()
    {
        await using var h = new SimulatorHarness(o => o.InboundTraffic.Add(Hotline(3600)));
        await h.GatewayAsync("gw");

        await h.AdvanceAsync(TimeSpan.FromMinutes(1));

        Assert.True(h.Network.GetInboundTrafficStats("hotline")!.Arrivals > 20);
    }
}
