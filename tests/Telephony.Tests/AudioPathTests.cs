using CallCenter.Telephony.Tests.Support;

namespace CallCenter.Telephony.Tests;

/// <summary>Who hears whom in the simulated network's audio-path graph, for bridges, holds, conferences and supervision.</summary>
public sealed class AudioPathTests
{
    private sealed record Supervised(SimulatorHarness H, string Agent, string Customer, string Supervisor) : IAsyncDisposable
    {
        public bool Hears(string listener, string speaker) => H.Network.CanHear(listener, speaker);
        public ValueTask DisposeAsync() => H.DisposeAsync();
    }

    private static async Task<Supervised> SupervisedCallAsync(EavesdropMode? mode)
    {
        var h = new SimulatorHarness();
        var (agent, customer) = await h.BridgedPairAsync();
        var supervisor = await h.AnsweredExtensionLegAsync("1009", role: "listener");
        if (mode is { } m) await h.Switch.EavesdropAsync(supervisor, agent, m);
        await h.SettleAsync();
        return new Supervised(h, agent, customer, supervisor);
    }

    [Fact]
    public async Task Bridged_parties_hear_each_other_and_hold_silences_both_directions()
    {
        await using var s = await SupervisedCallAsync(mode: null);
        Assert.True(s.Hears(s.Agent, s.Customer));
        Assert.True(s.Hears(s.Customer, s.Agent));

        await s.H.Switch.HoldAsync(s.Customer);

        Assert.False(s.Hears(s.Agent, s.Customer));
        Assert.False(s.Hears(s.Customer, s.Agent));
        await s.H.Switch.UnholdAsync(s.Customer);
        Assert.True(s.Hears(s.Customer, s.Agent));
    }

    [Fact]
    public async Task Listen_mode_hears_both_parties_and_is_heard_by_nobody()
    {
        await using var s = await SupervisedCallAsync(EavesdropMode.Listen);

        Assert.True(s.Hears(s.Supervisor, s.Agent));
        Assert.True(s.Hears(s.Supervisor, s.Customer));
        Assert.False(s.Hears(s.Agent, s.Supervisor));
        Assert.False(s.Hears(s.Customer, s.Supervisor));
        Assert.True(s.Hears(s.Agent, s.Customer));
        Assert.DoesNotContain(s.H.Events, e => e.LegId == s.Supervisor && e is LegBridged);
    }

    [Fact]
    public async Task Whisper_reaches_only_the_agent()
    {
        await using var s = await SupervisedCallAsync(EavesdropMode.Whisper);

        Assert.True(s.Hears(s.Agent, s.Supervisor));
        Assert.False(s.Hears(s.Customer, s.Supervisor));
        Assert.True(s.Hears(s.Supervisor, s.Agent));
        Assert.True(s.Hears(s.Supervisor, s.Customer));
    }

    [Fact]
    public async Task Barge_reaches_both_parties()
    {
        await using var s = await SupervisedCallAsync(EavesdropMode.Barge);

        Assert.True(s.Hears(s.Agent, s.Supervisor));
        Assert.True(s.Hears(s.Customer, s.Supervisor));
        Assert.True(s.Hears(s.Supervisor, s.Agent));
        Assert.True(s.Hears(s.Supervisor, s.Customer));
    }

    [Fact]
    public async Task Three_way_makes_everyone_hear_everyone()
    {
        await using var s = await SupervisedCallAsync(mode: null);

        await s.H.Switch.ThreeWayAsync(s.Supervisor, s.Agent);

        string[] legs = [s.Agent, s.Customer, s.Supervisor];
        foreach (var listener in legs)
        {
            foreach (var speaker in legs.Where(l => l != listener)) Assert.True(s.Hears(listener, speaker), $"{listener} hears {speaker}");
        }
        Assert.Equal(6, s.H.Network.AudioPaths().Count);
        Assert.Equal("ThreeWay", s.H.Network.GetLeg(s.Supervisor)!.EavesdropMode);
    }

    [Fact]
    public async Task Eavesdropping_again_switches_the_mode_like_the_DTMF_keys()
    {
        await using var s = await SupervisedCallAsync(EavesdropMode.Listen);
        Assert.False(s.Hears(s.Agent, s.Supervisor));

        await s.H.Switch.EavesdropAsync(s.Supervisor, s.Agent, EavesdropMode.Whisper);
        Assert.True(s.Hears(s.Agent, s.Supervisor));
        Assert.False(s.Hears(s.Customer, s.Supervisor));

        await s.H.Switch.EavesdropAsync(s.Supervisor, s.Agent, EavesdropMode.Barge);
        Assert.True(s.Hears(s.Customer, s.Supervisor));
    }

    [Fact]
    public async Task When_the_target_hangs_up_the_supervisor_is_cleared_too()
    {
        await using var s = await SupervisedCallAsync(EavesdropMode.Listen);

        Assert.True(s.H.Network.HangupFarEnd(s.Customer));
        await s.H.SettleAsync();

        var end = s.H.Single<LegHungUp>(s.Supervisor);
        Assert.Equal((HangupCauses.NormalClearing, HangupInitiator.Local), (end.Cause, end.Initiator));
        EventOrder.AssertValid(s.H.Events);
    }

    [Fact]
    public async Task A_supervisor_bridged_elsewhere_stops_listening()
    {
        await using var s = await SupervisedCallAsync(EavesdropMode.Barge);
        var other = await s.H.AnsweredExtensionLegAsync("1010");

        await s.H.Switch.BridgeAsync(s.Supervisor, other);

        Assert.False(s.Hears(s.Supervisor, s.Agent));
        Assert.False(s.Hears(s.Customer, s.Supervisor));
        Assert.True(s.Hears(s.Supervisor, other));
        Assert.Null(s.H.Network.GetLeg(s.Supervisor)!.EavesdropTargetLegId);
    }

    [Fact]
    public async Task A_supervisor_follows_the_target_into_a_conference_and_muted_members_are_heard_by_nobody()
    {
        await using var s = await SupervisedCallAsync(EavesdropMode.Listen);
        var guest = await s.H.AnsweredExtensionLegAsync("1011");

        await s.H.Switch.ConferenceJoinAsync("room", s.Agent);
        await s.H.Switch.ConferenceJoinAsync("room", s.Customer);
        await s.H.Switch.ConferenceJoinAsync("room", guest, muted: true);

        Assert.True(s.Hears(s.Agent, s.Customer));
        Assert.True(s.Hears(guest, s.Agent));
        Assert.False(s.Hears(s.Agent, guest));
        Assert.False(s.Hears(s.Customer, guest));
        Assert.True(s.Hears(s.Supervisor, s.Customer));
        Assert.False(s.Hears(s.Supervisor, guest));
        Assert.False(s.Hears(guest, s.Supervisor));

        await s.H.Switch.ConferenceMuteAsync("room", guest, muted: false);
        Assert.True(s.Hears(s.Agent, guest));
        Assert.True(s.Hears(s.Supervisor, guest));
    }

    [Fact]
    public async Task Supervising_oneself_or_with_a_leg_still_ringing_is_refused()
    {
        await using var s = await SupervisedCallAsync(mode: null);
        await s.H.PhoneAsync("1012");
        var ringing = await s.H.CallExtensionAsync("1012");

        await Assert.ThrowsAsync<SwitchCommandException>(() => s.H.Switch.EavesdropAsync(s.Agent, s.Agent, EavesdropMode.Listen));
        await Assert.ThrowsAsync<SwitchCommandException>(() => s.H.Switch.EavesdropAsync(ringing, s.Agent, EavesdropMode.Listen));
        await Assert.ThrowsAsync<SwitchCommandException>(() => s.H.Switch.EavesdropAsync(s.Supervisor, "no-such-leg", EavesdropMode.Listen));
    }

    [Fact]
    public async Task Audio_paths_list_every_direction()
    {
        await using var s = await SupervisedCallAsync(EavesdropMode.Whisper);

        var paths = s.H.Network.AudioPaths().Select(p => (p.ListenerLegId, p.SpeakerLegId)).ToHashSet();

        Assert.Equal(
            new HashSet<(string, string)> { (s.Agent, s.Customer), (s.Customer, s.Agent), (s.Agent, s.Supervisor), (s.Supervisor, s.Agent), (s.Supervisor, s.Customer) },
            paths);
    }
}
