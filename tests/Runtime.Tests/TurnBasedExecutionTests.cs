using CallCenter.Runtime.Tests.Grains;
using CallCenter.Runtime.Tests.Hosting;

namespace CallCenter.Runtime.Tests;

public sealed class TurnBasedExecutionTests
{
    [Fact]
    public async Task A_thousand_concurrent_callers_never_interleave_and_the_count_is_exact()
    {
        await using var silo = await TestSilo.StartAsync();
        var counter = silo.Grain<ICounterGrain>("tenant1:busy");

        // Callers on many threads, each with its own reference, all at once.
        var calls = Enumerable.Range(0, 1000)
            .Select(_ => Task.Run(() => silo.Grain<ICounterGrain>("tenant1:busy").Increment()))
            .ToArray();
        var results = await Task.WhenAll(calls);

        var snapshot = await counter.GetSnapshot();
        Assert.Equal(1000, snapshot.Count);
        Assert.Equal(0, snapshot.Overlaps);
        // Each turn saw the count its predecessor left: every value 1..1000 was returned exactly once.
        Assert.Equal(Enumerable.Range(1, 1000), results.Order());
    }

    [Fact]
    public async Task Calls_from_one_caller_run_in_the_order_sent()
    {
        await using var silo = await TestSilo.StartAsync();
        var journal = silo.Grain<IJournalGrain>("tenant1:ordered");

        await journal.GetEntries(); // activated before the burst
        var sends = Enumerable.Range(0, 200).Select(i => i % 2 == 0 ? journal.Append(i) : journal.AppendSlowly(i).AsTask()).ToArray();
        await Task.WhenAll(sends);

        Assert.Equal(Enumerable.Range(0, 200), await journal.GetEntries());
    }

    [Fact]
    public async Task Different_activations_run_in_parallel()
    {
        await using var silo = await TestSilo.StartAsync();

        // The first grain's turn waits for something only the second grain's turn does; were activations serialized
        // with each other, this would never finish.
        var waiting = silo.Grain<IJournalGrain>("tenant1:waiter").WaitFor("parallel");
        await silo.Grain<IJournalGrain>("tenant1:opener").Open("parallel");

        Assert.True(await waiting);
    }

    [Fact]
    public async Task A_grain_stays_responsive_after_many_turns_across_awaits()
    {
        await using var silo = await TestSilo.StartAsync();
        var counter = silo.Grain<ICounterGrain>("tenant1:valuetask");

        for (var i = 0; i < 50; i++) await counter.Increment();
        Assert.Equal(50, await counter.GetCount());

        await counter.Reset();
        Assert.Equal(0, await counter.GetCount());
    }
}
