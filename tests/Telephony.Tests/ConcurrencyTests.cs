using System.Collections.Concurrent;
using CallCenter.Telephony.Recording;
using CallCenter.Telephony.Simulated;
using CallCenter.Telephony.Tests.Support;

namespace CallCenter.Telephony.Tests;

/// <summary>Commands from many threads at once, on the real clock, as grains running in parallel send them.</summary>
public sealed class ConcurrencyTests
{
    [Fact]
    public async Task Parallel_call_lifecycles_leave_a_consistent_network_and_ordered_events()
    {
        var options = new SimulatedNetworkOptions { Phones = PhoneAnswerPolicy.Immediate() };
        options.Profiles[SimulatedNetworkOptions.DefaultProfileName] = new PstnProfile
        {
            AnswerProbability = 1, BusyProbability = 0, UnallocatedRate = 0,
            RingTime = DurationDistribution.Zero, TalkTime = DurationDistribution.Never, Patience = DurationDistribution.Never,
        };
        await using var network = new SimulatedSwitch(options, TimeProvider.System, new InMemoryBlobStore());
        var events = new ConcurrentQueue<SwitchEvent>();
        var delivering = 0;
        var overlapped = false;
        using var _ = network.Subscribe(async e =>
        {
            if (Interlocked.Increment(ref delivering) > 1) overlapped = true;
            events.Enqueue(e);
            await Task.Yield();
            Interlocked.Decrement(ref delivering);
        });
        await network.ProvisionGatewayAsync(new GatewayDefinition("gw", "carrier.example"));
        const int threads = 4, callsPerThread = 150;
        for (var t = 0; t < threads; t++)
        {
            await network.ProvisionExtensionAsync(new ExtensionCredentials($"90{t}", "d", "p"));
            Assert.True(network.RegisterPhone($"90{t}", "d"));
        }

        await Task.WhenAll(Enumerable.Range(0, threads).Select(t => Task.Run(async () =>
        {
            for (var i = 0; i < callsPerThread; i++)
            {
                var customer = $"c-{t}-{i}";
                var agent = $"a-{t}-{i}";
                await network.OriginateAsync(new OriginateRequest(customer, $"call-{t}-{i}", new PstnEndpoint("13900000001", "gw"), "4000"));
                await network.OriginateAsync(new OriginateRequest(agent, $"call-{t}-{i}", new ExtensionEndpoint($"90{t}", "d"), "4000"));
                await network.BridgeAsync(customer, agent);
                if (i % 2 == 0) await network.HangupAsync(agent);
                else Assert.True(network.HangupFarEnd(customer));
            }
        })));
        await network.WhenIdleAsync();

        Assert.False(overlapped, "handlers never run concurrently");
        Assert.Empty(await network.ListLegsAsync());
        Assert.Equal(0, network.ActiveChannels("gw"));
        var recorded = events.ToArray();
        Assert.Equal(threads * callsPerThread * 2, recorded.OfType<LegHungUp>().Count());
        Assert.Equal(threads * callsPerThread * 2, recorded.OfType<LegBridged>().Count());
        EventOrder.AssertValid(recorded);
    }

    [Fact]
    public async Task A_failing_handler_is_skipped_and_later_handlers_and_events_still_arrive()
    {
        await using var h = new SimulatorHarness();
        var seen = new List<Type>();
        using var broken = h.Switch.Subscribe(_ => throw new InvalidOperationException("grain bug"));
        using var working = h.Switch.Subscribe(e =>
        {
            seen.Add(e.GetType());
            return ValueTask.CompletedTask;
        });

        await h.AnsweredExtensionLegAsync("1001");

        Assert.Equal([typeof(ExtensionRegistered), typeof(LegCreated), typeof(LegRinging), typeof(LegAnswered)], seen);
    }

    [Fact]
    public async Task An_unsubscribed_handler_receives_nothing_more()
    {
        await using var h = new SimulatorHarness();
        var count = 0;
        var subscription = h.Switch.Subscribe(_ =>
        {
            count++;
            return ValueTask.CompletedTask;
        });
        await h.PhoneAsync("1001");
        var before = count;

        subscription.Dispose();
        subscription.Dispose();
        await h.CallExtensionAsync("1001");

        Assert.Equal(1, before);
        Assert.Equal(1, count);
    }
}
