using CallCenter.Telephony.Simulated;
using CallCenter.Telephony.Tests.Support;

namespace CallCenter.Telephony.Tests;

public sealed class PstnProfileTests
{
    private static PstnProfile Answers(double ringSeconds) => new()
    {
        AnswerProbability = 1,
        BusyProbability = 0,
        UnallocatedRate = 0,
        RingTime = DurationDistribution.Fixed(TimeSpan.FromSeconds(ringSeconds)),
        TalkTime = DurationDistribution.Never,
        Patience = DurationDistribution.Never,
    };

    private static async Task<SimulatorHarness> WithProfileAsync(PstnProfile profile)
    {
        var h = new SimulatorHarness(o => o.Profiles[SimulatedNetworkOptions.DefaultProfileName] = profile);
        await h.GatewayAsync("gw");
        return h;
    }

    private static Task<string> DialAsync(SimulatorHarness h, string number, TimeSpan? ringTimeout = null) =>
        h.CallAsync(new PstnEndpoint(number, "gw"), ringTimeout: ringTimeout);

    [Fact]
    public async Task A_number_answers_after_its_ring_time()
    {
        await using var h = await WithProfileAsync(Answers(5));
        var leg = await DialAsync(h, "13900000001");

        await h.AdvanceAsync(5);

        var answered = h.Single<LegAnswered>(leg);
        Assert.Equal(TimeSpan.FromSeconds(5), answered.Timestamp - h.Single<LegCreated>(leg).Timestamp);
        Assert.False(h.Single<LegRinging>(leg).EarlyMedia);
    }

    [Fact]
    public async Task A_ring_time_beyond_the_ring_timeout_is_NO_ANSWER()
    {
        await using var h = await WithProfileAsync(Answers(40));
        var leg = await DialAsync(h, "13900000001", TimeSpan.FromSeconds(30));

        await h.AdvanceAsync(60);

        var end = h.Single<LegHungUp>(leg);
        Assert.Equal(HangupCauses.NoAnswer, end.Cause);
        Assert.Equal(30, end.DurationSeconds);
        Assert.DoesNotContain(h.Of(leg), e => e is LegAnswered);
    }

    [Fact]
    public async Task Busy_numbers_refuse_with_USER_BUSY_without_ringing()
    {
        var profile = Answers(1);
        profile.BusyProbability = 1;
        await using var h = await WithProfileAsync(profile);

        var leg = await DialAsync(h, "13900000001");

        Assert.Equal([typeof(LegCreated), typeof(LegHungUp)], SimulatorHarness.Types(h.Of(leg)));
        Assert.Equal(HangupCauses.UserBusy, h.Single<LegHungUp>(leg).Cause);
        Assert.Equal(HangupInitiator.Remote, h.Single<LegHungUp>(leg).Initiator);
    }

    [Fact]
    public async Task Unallocated_numbers_fail_every_time_they_are_dialled()
    {
        var profile = Answers(1);
        profile.UnallocatedRate = 0.5;
        await using var h = await WithProfileAsync(profile);

        var outcomes = new Dictionary<string, bool>();
        for (var n = 0; n < 40; n++)
        {
            var number = $"1390000{n:0000}";
            var first = await DialAsync(h, number);
            var second = await DialAsync(h, number);
            var firstDead = h.Of(first).OfType<LegHungUp>().Any(e => e.Cause == HangupCauses.UnallocatedNumber);
            var secondDead = h.Of(second).OfType<LegHungUp>().Any(e => e.Cause == HangupCauses.UnallocatedNumber);
            Assert.Equal(firstDead, secondDead);
            outcomes[number] = firstDead;
        }
        Assert.Contains(true, outcomes.Values);
        Assert.Contains(false, outcomes.Values);
    }

    [Fact]
    public async Task Early_media_is_reported_on_LegRinging()
    {
        var profile = Answers(3);
        profile.EarlyMediaProbability = 1;
        await using var h = await WithProfileAsync(profile);

        var leg = await DialAsync(h, "13900000001");

        Assert.True(h.Single<LegRinging>(leg).EarlyMedia);
        Assert.Equal(LegState.EarlyMedia, h.Network.GetLeg(leg)!.State);
    }

    [Fact]
    public async Task The_customer_hangs_up_after_the_talk_time_and_the_agent_is_cleared()
    {
        var profile = Answers(0);
        profile.TalkTime = DurationDistribution.Fixed(TimeSpan.FromSeconds(30));
        await using var h = await WithProfileAsync(profile);
        var customer = await DialAsync(h, "13900000001");
        var agent = await h.AnsweredExtensionLegAsync("1001");
        await h.AdvanceAsync(10);
        await h.Switch.BridgeAsync(customer, agent);

        await h.AdvanceAsync(29.9);
        Assert.DoesNotContain(h.Of(customer), e => e is LegHungUp);
        await h.AdvanceAsync(0.1);

        var end = h.Single<LegHungUp>(customer);
        Assert.Equal(HangupInitiator.Remote, end.Initiator);
        Assert.Equal(HangupCauses.NormalClearing, end.Cause);
        Assert.Equal(40, end.BillSeconds);
        Assert.Equal(HangupInitiator.Local, h.Single<LegHungUp>(agent).Initiator);
    }

    [Fact]
    public async Task An_answered_customer_left_waiting_hangs_up_after_their_patience()
    {
        var profile = Answers(0);
        profile.Patience = DurationDistribution.Fixed(TimeSpan.FromSeconds(8));
        await using var h = await WithProfileAsync(profile);
        var abandoned = await DialAsync(h, "13900000001");
        var served = await DialAsync(h, "13900000002");
        var agent = await h.AnsweredExtensionLegAsync("1001");
        await h.Switch.BridgeAsync(served, agent);

        await h.AdvanceAsync(8);

        var end = h.Single<LegHungUp>(abandoned);
        Assert.Equal(HangupCauses.NormalClearing, end.Cause);
        Assert.Equal(HangupInitiator.Remote, end.Initiator);
        Assert.Equal(8, end.BillSeconds);
        Assert.DoesNotContain(h.Of(served), e => e is LegHungUp);
    }

    [Fact]
    public async Task Number_patterns_override_gateway_profiles_which_override_the_default()
    {
        await using var h = new SimulatorHarness(o =>
        {
            o.Profiles["busy"] = new PstnProfile { BusyProbability = 1 };
            o.Profiles["answers"] = Answers(0);
            o.GatewayProfiles["gw-busy"] = "busy";
            o.NumberProfiles.Add(new NumberProfileRule { Pattern = "^400", Profile = "answers" });
        });
        await h.GatewayAsync("gw");
        await h.GatewayAsync("gw-busy");

        var viaDefault = await h.CallAsync(new PstnEndpoint("13900000001", "gw"));
        var viaGateway = await h.CallAsync(new PstnEndpoint("13900000001", "gw-busy"));
        var byPattern = await h.CallAsync(new PstnEndpoint("4008001000", "gw-busy"));
        h.Network.AddNumberProfile("^139", "answers");
        var byLaterRule = await h.CallAsync(new PstnEndpoint("13900000001", "gw-busy"));

        Assert.IsType<LegRinging>(h.Of(viaDefault)[^1]);
        Assert.Equal(HangupCauses.UserBusy, h.Single<LegHungUp>(viaGateway).Cause);
        Assert.Single(h.Of(byPattern).OfType<LegAnswered>());
        Assert.Single(h.Of(byLaterRule).OfType<LegAnswered>());
    }

    [Fact]
    public async Task Profile_digits_are_typed_when_the_switch_collects_digits()
    {
        var profile = Answers(0);
        profile.Digits = "2";
        await using var h = await WithProfileAsync(profile);
        var customer = await DialAsync(h, "13900000001");

        await h.Switch.CollectDigitsAsync(customer, new DigitCollection("ivr/menu.wav", Timeout: TimeSpan.FromSeconds(5)));
        await h.AdvanceAsync(10);

        var collected = h.Single<DigitsCollected>(customer);
        Assert.Equal("2", collected.Digits);
        Assert.True(collected.Valid);
    }
}
