using CallCenter.Telephony.Tests.Support;

namespace CallCenter.Telephony.Tests;

public sealed class MediaTests
{
    [Fact]
    public async Task Prompts_finish_after_their_configured_length_or_the_default()
    {
        await using var h = new SimulatorHarness(o =>
        {
            o.PromptLengths["welcome.wav"] = TimeSpan.FromSeconds(7);
            o.DefaultPromptLength = TimeSpan.FromSeconds(2);
        });
        var leg = await h.AnsweredExtensionLegAsync("1001");
        var start = h.Clock.GetUtcNow();

        await h.Switch.PlayAsync(leg, "ivr/welcome.wav");
        await h.AdvanceAsync(10);
        await h.Switch.PlayAsync(leg, "unknown.wav", mixed: true);
        await h.AdvanceAsync(10);

        var finished = h.Of(leg).OfType<PlaybackFinished>().ToArray();
        Assert.Equal(["ivr/welcome.wav", "unknown.wav"], finished.Select(f => f.Prompt));
        Assert.All(finished, f => Assert.True(f.Completed));
        Assert.Equal(start.AddSeconds(7), finished[0].Timestamp);
        Assert.Equal(start.AddSeconds(12), finished[1].Timestamp);
    }

    [Fact]
    public async Task A_new_prompt_replaces_the_playing_one_and_hanging_up_stops_playback_first()
    {
        await using var h = new SimulatorHarness();
        h.Network.SetPromptLength("long.wav", TimeSpan.FromMinutes(5));
        var leg = await h.AnsweredExtensionLegAsync("1001");

        await h.Switch.PlayAsync(leg, "long.wav");
        await h.Switch.PlayAsync(leg, "moh.wav", loop: true);
        await h.AdvanceAsync(600);
        Assert.Equal("moh.wav", h.Network.GetLeg(leg)!.Playing);
        Assert.True(h.Network.HangupFarEnd(leg));
        await h.SettleAsync();

        var tail = h.Of(leg).Where(e => e is PlaybackFinished or LegHungUp).ToArray();
        Assert.Equal(3, tail.Length);
        Assert.Equal(new PlaybackFinished("long.wav", false), Strip(tail[0]));
        Assert.Equal(new PlaybackFinished("moh.wav", false), Strip(tail[1]));
        Assert.IsType<LegHungUp>(tail[2]);
    }

    [Fact]
    public async Task Scripted_digits_are_typed_after_the_prompt_one_interval_apart()
    {
        await using var h = new SimulatorHarness(o =>
        {
            o.PromptLengths["menu.wav"] = TimeSpan.FromSeconds(2);
            o.DigitInterval = TimeSpan.FromMilliseconds(300);
        });
        var leg = await h.AnsweredExtensionLegAsync("1001");
        var start = h.Clock.GetUtcNow();
        h.Network.ScriptDigits(leg, "123#");

        await h.Switch.CollectDigitsAsync(leg, new DigitCollection("menu.wav", MinDigits: 1, MaxDigits: 6));
        await h.AdvanceAsync(10);

        Assert.Equal("123#", new string(h.Of(leg).OfType<DtmfReceived>().Select(d => d.Digit).ToArray()));
        var collected = h.Single<DigitsCollected>(leg);
        Assert.Equal(("123", true), (collected.Digits, collected.Valid));
        Assert.Equal(start.AddSeconds(3.2), collected.Timestamp);
        Assert.Empty(h.Of(leg).OfType<PlaybackFinished>());
    }

    [Fact]
    public async Task Collection_ends_at_the_maximum_without_a_terminator()
    {
        await using var h = new SimulatorHarness();
        var leg = await h.AnsweredExtensionLegAsync("1001");

        await h.Switch.CollectDigitsAsync(leg, new DigitCollection(null, MinDigits: 4, MaxDigits: 4));
        h.Network.PressDigits(leg, "98765");
        await h.SettleAsync();

        Assert.Equal(("9876", true), (h.Single<DigitsCollected>(leg).Digits, h.Single<DigitsCollected>(leg).Valid));
    }

    [Fact]
    public async Task Invalid_input_is_retried_and_only_the_final_result_is_reported()
    {
        await using var h = new SimulatorHarness();
        var leg = await h.AnsweredExtensionLegAsync("1001");

        await h.Switch.CollectDigitsAsync(leg, new DigitCollection("menu.wav", Tries: 2, InvalidPrompt: "invalid.wav", ValidDigitsRegex: "^[12]$"));
        h.Network.PressDigits(leg, "9");
        await h.SettleAsync();
        Assert.Empty(h.Of(leg).OfType<DigitsCollected>());
        h.Network.PressDigits(leg, "2");
        await h.SettleAsync();

        Assert.Equal(("2", true), (h.Single<DigitsCollected>(leg).Digits, h.Single<DigitsCollected>(leg).Valid));
    }

    [Fact]
    public async Task Running_out_of_tries_or_time_reports_invalid_and_a_new_collection_replaces_a_running_one()
    {
        await using var h = new SimulatorHarness();
        var leg = await h.AnsweredExtensionLegAsync("1001");

        await h.Switch.CollectDigitsAsync(leg, new DigitCollection(null, MaxDigits: 3, Timeout: TimeSpan.FromSeconds(4)));
        h.Network.PressDigits(leg, "7");
        await h.Switch.CollectDigitsAsync(leg, new DigitCollection(null, MinDigits: 2, MaxDigits: 3, Timeout: TimeSpan.FromSeconds(4)));
        h.Network.PressDigits(leg, "5");
        await h.AdvanceAsync(3.9);
        Assert.Single(h.Of(leg).OfType<DigitsCollected>());
        await h.AdvanceAsync(0.1);

        var results = h.Of(leg).OfType<DigitsCollected>().Select(d => (d.Digits, d.Valid)).ToArray();
        Assert.Equal([("7", false), ("5", false)], results);
    }

    [Fact]
    public async Task A_bad_digit_pattern_is_refused()
    {
        await using var h = new SimulatorHarness();
        var leg = await h.AnsweredExtensionLegAsync("1001");

        await Assert.ThrowsAsync<SwitchCommandException>(() => h.Switch.CollectDigitsAsync(leg, new DigitCollection(null, ValidDigitsRegex: "([")));
        await Assert.ThrowsAsync<SwitchCommandException>(() => h.Switch.CollectDigitsAsync(leg, new DigitCollection(null, MinDigits: 3, MaxDigits: 2)));
        Assert.Throws<ArgumentException>(() => h.Network.PressDigits(leg, "1x"));
    }

    private static SwitchEvent Strip(SwitchEvent e) => e with { LegId = "", CallId = null, Timestamp = default, Variables = SwitchEvent.EmptyVariables };
}
