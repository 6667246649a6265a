using System.Collections.Concurrent;
using CallCenter.Runtime.Streams;
using CallCenter.Runtime.Tests.Grains;
using CallCenter.Runtime.Tests.Hosting;

namespace CallCenter.Runtime.Tests;

public sealed class DiagnosticsTests
{
    [Fact]
    public async Task Quiescence_waits_for_one_way_calls_and_stream_deliveries()
    {
        await using var silo = await TestSilo.StartAsync();
        var journal = silo.Grain<IJournalGrain>("tenant1:quiet");
        var delivered = new ConcurrentQueue<int>();
        var stream = silo.Client.GetStreamProvider("Default").GetStream<int>(StreamId.Create("numbers", "tenant1:quiet"));
        await stream.SubscribeAsync(async (item, _) =>
        {
            await Task.Delay(1);
            delivered.Enqueue(item);
        });

        for (var i = 0; i < 50; i++)
        {
            _ = journal.AppendSlowly(i);
            await stream.OnNextAsync(i);
        }
        await silo.Diagnostics.WaitForQuiescenceAsync();

        // Nothing was awaited but quiescence, so everything must have run by now.
        Assert.Equal(50, delivered.Count);
        Assert.Equal(0, silo.Diagnostics.GetStatistics().WorkInFlight);
        Assert.Equal(Enumerable.Range(0, 50), await journal.GetEntries());
    }

    [Fact]
    public async Task Statistics_count_activations_and_turns()
    {
        await using var silo = await TestSilo.StartAsync();

        for (var i = 0; i < 10; i++) await silo.Grain<ICounterGrain>($"tenant1:c{i % 3}").Increment();
        await silo.Grain<ICounterGrain>("tenant1:c0").Deactivate();
        await silo.Diagnostics.WaitForQuiescenceAsync();

        var statistics = silo.Diagnostics.GetStatistics();
        Assert.Equal(2, statistics.Activations);
        Assert.Equal(3, statistics.ActivationsCreated);
        Assert.Equal(1, statistics.ActivationsDeactivated);
        Assert.Equal(0, statistics.WorkInFlight);
        // 10 increments + 1 deactivate call + 3 activation turns + 1 deactivation turn
        Assert.Equal(15, statistics.MessagesProcessed);
    }
}
