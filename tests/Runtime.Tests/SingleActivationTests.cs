using CallCenter.Runtime.Tests.Grains;
using CallCenter.Runtime.Tests.Hosting;

namespace CallCenter.Runtime.Tests;

public sealed class SingleActivationTests
{
    [Fact]
    public async Task Racing_first_calls_create_exactly_one_activation()
    {
        await using var silo = await TestSilo.StartAsync();
        const string key = "tenant1:race";

        using var start = new ManualResetEventSlim();
        var callers = Enumerable.Range(0, 64)
            .Select(_ => Task.Factory.StartNew(() =>
            {
                start.Wait();
                return silo.Grain<ICounterGrain>(key).GetSnapshot();
            }, TaskCreationOptions.LongRunning).Unwrap())
            .ToArray();
        start.Set();
        var snapshots = await Task.WhenAll(callers);

        Assert.Single(snapshots.Select(s => s.ActivationId).Distinct());
        Assert.Equal(1, silo.Probe.Count($"counter-constructed/{key}"));
        Assert.Equal(1, silo.Diagnostics.GetStatistics().Activations);
    }

    [Fact]
    public async Task Each_key_has_its_own_activation()
    {
        await using var silo = await TestSilo.StartAsync();

        await Task.WhenAll(Enumerable.Range(0, 20).Select(i => silo.Grain<ICounterGrain>($"tenant1:k{i}").Increment()));

        var ids = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => silo.Grain<ICounterGrain>($"tenant1:k{i}").GetSnapshot()));
        Assert.Equal(20, ids.Select(s => s.ActivationId).Distinct().Count());
        Assert.All(ids, s => Assert.Equal(1, s.Count));
    }

    [Fact]
    public async Task Calls_queued_behind_a_deactivation_reach_the_next_activation_in_order()
    {
        await using var silo = await TestSilo.StartAsync();
        var counter = silo.Grain<ICounterGrain>("tenant1:handover");
        var first = (await counter.GetSnapshot()).ActivationId;

        var deactivate = counter.Deactivate();
        var increments = Enumerable.Range(0, 10).Select(_ => counter.Increment()).ToArray();
        await deactivate;
        var results = await Task.WhenAll(increments);

        Assert.Equal(Enumerable.Range(1, 10), results);
        var snapshot = await counter.GetSnapshot();
        Assert.NotEqual(first, snapshot.ActivationId);
        Assert.Equal(2, silo.Probe.Count("counter-constructed/tenant1:handover"));
    }
}
