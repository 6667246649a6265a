using CallCenter.Telephony.Simulated;
using CallCenter.Telephony.Tests.Support;

namespace CallCenter.Telephony.Tests;

public sealed class PhoneTests
{
    private const string Domain = SimulatorHarness.Domain;

    [Fact]
    public async Task Only_provisioned_extensions_with_the_right_password_register_and_each_registration_is_reported_once()
    {
        await using var h = new SimulatorHarness();
        Assert.False(h.Network.RegisterPhone("1001", Domain));
        await h.Switch.ProvisionExtensionAsync(new ExtensionCredentials("1001", Domain, "right"));

        Assert.False(h.Network.RegisterPhone("1001", Domain, "wrong"));
        Assert.True(h.Network.RegisterPhone("1001", Domain, "right"));
        Assert.True(h.Network.RegisterPhone("1001", Domain));
        await h.SettleAsync();

        var registered = Assert.Single(h.Events.OfType<ExtensionRegistered>());
        Assert.Equal("1001", registered.Extension);
        Assert.StartsWith("sip:1001@", registered.Contact);
        Assert.Equal(string.Empty, registered.LegId);

        Assert.True(h.Network.UnregisterPhone("1001", Domain));
        Assert.False(h.Network.UnregisterPhone("1001", Domain));
        await h.SettleAsync();
        Assert.Single(h.Events.OfType<ExtensionUnregistered>());
    }

    [Fact]
    public async Task Removing_an_extension_drops_its_registration_and_it_can_no_longer_be_called()
    {
        await using var h = new SimulatorHarness();
        await h.PhoneAsync("1001");

        await h.Switch.RemoveExtensionAsync("1001", Domain);
        var leg = await h.CallExtensionAsync("1001");

        Assert.Single(h.Events.OfType<ExtensionUnregistered>());
        Assert.Equal("SUBSCRIBER_ABSENT", h.Single<LegHungUp>(leg).Cause);
        Assert.False(h.Network.RegisterPhone("1001", Domain));
        Assert.Empty(h.Network.ListPhones());
    }

    [Fact]
    public async Task Extension_identity_is_the_extension_and_the_domain()
    {
        await using var h = new SimulatorHarness();
        await h.Switch.ProvisionExtensionAsync(new ExtensionCredentials("1000", "a.example", "p"));
        await h.Switch.ProvisionExtensionAsync(new ExtensionCredentials("1000", "b.example", "p"));
        Assert.True(h.Network.RegisterPhone("1000", "a.example"));

        var toA = await h.CallAsync(new ExtensionEndpoint("1000", "A.EXAMPLE"));
        var toB = await h.CallAsync(new ExtensionEndpoint("1000", "b.example"));

        Assert.IsType<LegRinging>(h.Of(toA)[1]);
        Assert.Equal(HangupCauses.UserNotRegistered, h.Single<LegHungUp>(toB).Cause);
    }

    [Fact]
    public async Task A_phone_on_do_not_disturb_declines_with_CALL_REJECTED()
    {
        await using var h = new SimulatorHarness();
        await h.PhoneAsync("1001");
        h.Network.SetPhoneDoNotDisturb("1001", Domain, true);

        var leg = await h.CallExtensionAsync("1001");

        Assert.Equal([typeof(LegCreated), typeof(LegHungUp)], SimulatorHarness.Types(h.Of(leg)));
        var end = h.Single<LegHungUp>(leg);
        Assert.Equal(HangupCauses.CallRejected, end.Cause);
        Assert.Equal(HangupInitiator.Remote, end.Initiator);
    }

    [Fact]
    public async Task A_phone_already_on_a_call_is_busy_unless_it_has_call_waiting()
    {
        await using var h = new SimulatorHarness();
        await h.AnsweredExtensionLegAsync("1001");

        var second = await h.CallExtensionAsync("1001");
        Assert.Equal(HangupCauses.UserBusy, h.Single<LegHungUp>(second).Cause);

        h.Network.SetPhonePolicy("1001", Domain, new PhoneAnswerPolicy { AutoAnswer = false, CallWaiting = true });
        var third = await h.CallExtensionAsync("1001");
        Assert.IsType<LegRinging>(h.Of(third)[^1]);
    }

    [Fact]
    public async Task An_auto_answering_phone_answers_after_its_delay()
    {
        await using var h = new SimulatorHarness(o => o.Phones = new PhoneAnswerPolicy { AnswerDelay = DurationDistribution.Fixed(TimeSpan.FromSeconds(4)) });
        await h.PhoneAsync("1001");
        var leg = await h.CallExtensionAsync("1001");

        await h.AdvanceAsync(3.9);
        Assert.DoesNotContain(h.Of(leg), e => e is LegAnswered);
        await h.AdvanceAsync(0.1);

        var answered = h.Single<LegAnswered>(leg);
        Assert.Equal(TimeSpan.FromSeconds(4), answered.Timestamp - h.Single<LegCreated>(leg).Timestamp);
    }

    [Fact]
    public async Task Per_extension_policies_from_options_override_the_default()
    {
        await using var h = new SimulatorHarness(o => o.PhonePolicies[$"1002@{Domain}"] = PhoneAnswerPolicy.Immediate());
        await h.PhoneAsync("1001");
        await h.PhoneAsync("1002");

        var manual = await h.CallExtensionAsync("1001");
        var immediate = await h.CallExtensionAsync("1002");

        Assert.DoesNotContain(h.Of(manual), e => e is LegAnswered);
        Assert.Single(h.Of(immediate).OfType<LegAnswered>());
    }

    [Fact]
    public async Task A_phone_nobody_picks_up_rings_until_the_ring_timeout()
    {
        await using var h = new SimulatorHarness(o =>
        {
            o.Phones = new PhoneAnswerPolicy { AnswerProbability = 0 };
            o.DefaultRingTimeout = TimeSpan.FromSeconds(25);
        });
        await h.PhoneAsync("1001");
        var leg = await h.CallExtensionAsync("1001");

        await h.AdvanceAsync(60);

        var end = h.Single<LegHungUp>(leg);
        Assert.Equal(HangupCauses.NoAnswer, end.Cause);
        Assert.Equal(25, end.DurationSeconds);
    }

    [Fact]
    public async Task A_ringing_phone_can_decline_or_be_busy_and_answering_a_gone_leg_returns_false()
    {
        await using var h = new SimulatorHarness();
        await h.PhoneAsync("1001");
        await h.PhoneAsync("1002");
        var declined = await h.CallExtensionAsync("1001");
        var busy = await h.CallExtensionAsync("1002");

        Assert.True(h.Network.HangupFarEnd(declined));
        Assert.True(h.Network.RejectFarEnd(busy, HangupCauses.UserBusy));
        await h.SettleAsync();

        Assert.Equal(HangupCauses.CallRejected, h.Single<LegHungUp>(declined).Cause);
        Assert.Equal(HangupCauses.UserBusy, h.Single<LegHungUp>(busy).Cause);
        Assert.Equal(HangupInitiator.Remote, h.Single<LegHungUp>(busy).Initiator);
        Assert.False(h.Network.AnswerFarEnd(declined));
        Assert.False(h.Network.HangupFarEnd("no-such-leg"));
    }

    [Fact]
    public async Task Listed_phones_show_state_but_never_the_password()
    {
        await using var h = new SimulatorHarness();
        await h.PhoneAsync("1001");
        h.Network.SetPhoneBusy("1001", Domain, true);

        var phone = Assert.Single(h.Network.ListPhones());

        Assert.True(phone.Registered);
        Assert.True(phone.Busy);
        Assert.DoesNotContain("pw-1001", phone.ToString());
    }
}
