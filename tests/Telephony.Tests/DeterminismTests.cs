using System.Globalization;
using CallCenter.Telephony.Simulated;
using CallCenter.Telephony.Tests.Support;

namespace CallCenter.Telephony.Tests;

/// <summary>Same seed, same clock, same commands: the same events, to the tick and the leg id.</summary>
public sealed class DeterminismTests
{
    [Fact]
    public async Task The_same_seed_replays_the_same_event_sequence()
    {
        var first = await RunBusyMorningAsync(seed: 11);
        var second = await RunBusyMorningAsync(seed: 11);

        Assert.True(first.Count > 500, $"the scenario produces plenty of events ({first.Count})");
        Assert.Equal(first, second);
    }

    [Fact]
    public async Task Another_seed_gives_another_morning()
    {
        var first = await RunBusyMorningAsync(seed: 11);
        var other = await RunBusyMorningAsync(seed: 12);

        Assert.NotEqual(first, other);
    }

    /// <summary>Ten minutes of a small contact center with every random element switched on: outbound dialling to
    /// numbers that answer, ring out, are busy or dead, customers who abandon or talk, agents who answer late or not at
    /// all, inbound callers, prompts and digits. A handler plays the control plane.</summary>
    private static async Task<IReadOnlyList<string>> RunBusyMorningAsync(int seed)
    {
        await using var h = new SimulatorHarness(o =>
        {
            o.Seed = seed;
            o.Phones = new PhoneAnswerPolicy { AnswerProbability = 0.9, AnswerDelay = DurationDistribution.LogNormal(TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(2)), CallWaiting = true };
            o.Profiles[SimulatedNetworkOptions.DefaultProfileName] = new PstnProfile
            {
                AnswerProbability = 0.6,
                BusyProbability = 0.1,
                UnallocatedRate = 0.05,
                EarlyMediaProbability = 0.3,
                Digits = "1",
            };
            o.InboundTraffic.Add(new InboundTrafficOptions { Name = "in", Number = "4008001000", Gateway = "gw", CallsPerHour = 300 });
        });
        await h.GatewayAsync("gw", channelLimit: 20);
        for (var i = 0; i < 5; i++) await h.PhoneAsync($"80{i}");

        var agentLegs = 0;
        using var controlPlane = h.Switch.Subscribe(async e =>
        {
            switch (e)
            {
                case LegCreated { Direction: LegDirection.Inbound } inbound:
                    await h.Switch.AnswerAsync(inbound.LegId);
                    await h.Switch.CollectDigitsAsync(inbound.LegId, new DigitCollection("menu.wav"));
                    break;
                case DigitsCollected collected:
                case LegAnswered when e.Variable(ChannelVariables.Role) == "customer":
                    var n = ++agentLegs;
                    await h.Switch.OriginateAsync(new OriginateRequest($"agent-{n}", e.LegId, new ExtensionEndpoint($"80{n % 5}", SimulatorHarness.Domain), "4000",
                        RingTimeout: TimeSpan.FromSeconds(15), Variables: new Dictionary<string, string> { [ChannelVariables.Role] = "agent" }));
                    break;
                case LegAnswered when e.Variable(ChannelVariables.Role) == "agent":
                    try
                    {
                        await h.Switch.BridgeAsync(e.CallId!, e.LegId);
                        await h.Switch.StartRecordingAsync(e.LegId, $"t/{e.LegId}.wav");
                    }
                    catch (SwitchCommandException)
                    {
                        await h.Switch.HangupAsync(e.LegId);
                    }
                    break;
            }
        });

        for (var i = 0; i < 60; i++)
        {
            var variables = new Dictionary<string, string> { [ChannelVariables.Call] = $"out-{i}", [ChannelVariables.Role] = "customer" };
            await h.Switch.OriginateAsync(new OriginateRequest($"out-leg-{i}", $"out-{i}", new PstnEndpoint($"1390000{i % 45:0000}", "gw"), "4000",
                RingTimeout: TimeSpan.FromSeconds(25), Variables: variables));
            await h.AdvanceAsync(5);
        }
        await h.AdvanceAsync(TimeSpan.FromMinutes(5));

        EventOrder.AssertValid(h.Events);
        return h.Events.Select(Describe).ToArray();
    }

    private static string Describe(SwitchEvent e) => string.Create(CultureInfo.InvariantCulture,
        $"{e.Timestamp:O} {e} [{string.Join(",", e.Variables.OrderBy(v => v.Key, StringComparer.Ordinal).Select(v => $"{v.Key}={v.Value}"))}]");
}
