using CallCenter.Runtime.Tests.Grains;
using CallCenter.Runtime.Tests.Hosting;

namespace CallCenter.Runtime.Tests;

public sealed class OneWayCallTests
{
    [Fact]
    public async Task A_one_way_call_completes_at_once_even_while_the_grain_is_busy()
    {
        await using var silo = await TestSilo.StartAsync();
        var journal = silo.Grain<IJournalGrain>("tenant1:busy-journal");
        var blocked = journal.Block("release");

        var oneWay = journal.Append(1);

        Assert.True(oneWay.IsCompletedSuccessfully);
        Assert.False(blocked.IsCompleted);
        silo.Probe.Open("release");
        await blocked;
        Assert.Equal([1], await journal.GetEntries());
    }

    [Fact]
    public async Task One_way_calls_keep_their_order_with_other_calls_from_the_same_caller()
    {
        await using var silo = await TestSilo.StartAsync();
        var journal = silo.Grain<IJournalGrain>("tenant1:journal");

        for (var i = 0; i < 100; i++)
        {
            if (i % 3 == 0) await journal.AppendSlowly(i);
            else _ = journal.Append(i);
        }
        var entries = await journal.GetEntries(); // a request after the one-way calls sees all of them

        Assert.Equal(Enumerable.Range(0, 100), entries);
        await silo.Diagnostics.WaitForQuiescenceAsync();
    }

    [Fact]
    public async Task A_failing_one_way_call_is_logged_not_returned_and_the_grain_carries_on()
    {
        await using var silo = await TestSilo.StartAsync();
        var journal = silo.Grain<IJournalGrain>("tenant1:failing");

        await journal.FailLater("nobody is listening");
        await journal.Append(7);

        Assert.Equal([7], await journal.GetEntries());
    }
}
