using System.Text;
using CallCenter.Runtime.Tests.Grains;
using CallCenter.Runtime.Tests.Support;
using CallCenter.Storage;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;

namespace CallCenter.Runtime.Tests;

/// <summary>The Orleans behaviour the grains are written against, checked on this project's storage providers.</summary>
public sealed class OrleansGuaranteeTests
{
    [Fact]
    public async Task Concurrent_first_calls_meet_one_activation()
    {
        await using var host = await OrleansTestHost.StartAsync();
        var grain = host.Grains.GetGrain<ICounterGrain>("single");
        var activations = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => grain.ActivationAsync()));
        var counts = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => grain.IncrementAsync()));
        Assert.Single(activations.Distinct());
        Assert.Equal(Enumerable.Range(1, 50), counts.Order());
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task State_written_before_an_acknowledgement_survives_a_restart(string storage)
    {
        await using var host = await OrleansTestHost.StartAsync(storage);
        var grain = host.Grains.GetGrain<ICounterGrain>("durable");
        for (var i = 0; i < 3; i++) await grain.IncrementAsync();
        await host.RestartAsync();
        Assert.Equal(3, await host.Grains.GetGrain<ICounterGrain>("durable").GetAsync());
    }

    [Theory]
    [InlineData("Memory")]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task A_write_that_lost_a_race_fails_with_InconsistentStateException_and_the_next_call_reads_the_stored_state(string storage)
    {
        await using var host = await OrleansTestHost.StartAsync(storage);
        var grain = host.Grains.GetGrain<ICounterGrain>("raced");
        await grain.IncrementAsync();
        // Someone else (another silo, in a cluster) writes the same state: the activation's ETag is now stale.
        var store = host.Services.GetRequiredKeyedService<IGrainStateStore>("Default");
        var id = new GrainStateId("test-counter", "raced", "counter");
        var stored = await store.ReadAsync(id);
        await store.WriteAsync(id, Encoding.UTF8.GetBytes("""{"Count":41,"Note":"elsewhere"}"""), stored!.ETag);

        await Assert.ThrowsAsync<InconsistentStateException>(() => grain.IncrementAsync());
        // Orleans deactivated the activation that lost; the next call starts from what is stored.
        Assert.Equal(41, await grain.GetAsync());
        Assert.Equal(42, await grain.IncrementAsync());
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task State_is_stored_as_plain_json_without_clr_type_names(string storage)
    {
        await using var host = await OrleansTestHost.StartAsync(storage);
        await host.Grains.GetGrain<ICounterGrain>("format").IncrementAsync();
        var stored = await host.Services.GetRequiredKeyedService<IGrainStateStore>("Default").ReadAsync(new GrainStateId("test-counter", "format", "counter"));
        Assert.Equal("""{"Count":1,"Note":null}""", Encoding.UTF8.GetString(stored!.Payload));
    }

    [Fact]
    public async Task A_reminder_keeps_ticking_after_a_restart_and_ticks_missed_while_down_are_skipped()
    {
        await using var host = await OrleansTestHost.StartAsync("Sqlite", virtualTime: true);
        var grain = host.Grains.GetGrain<IChainGrain>("reminded");
        await grain.StartReminderAsync(TimeSpan.FromSeconds(10));
        await host.AdvanceAsync(TimeSpan.FromSeconds(25));
        Assert.Equal(2, await grain.ReceivedAsync());

        await host.RestartAsync();
        await host.SettleAsync();
        await host.AdvanceAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(3, await host.Grains.GetGrain<IChainGrain>("reminded").ReceivedAsync());

        // Down across two due times: Orleans delivers no catch-up tick (grains reconcile on activation instead).
        // Down from 35 s to 62 s: the ticks due at 40, 50 and 60 s are not delivered; the next one is at 70 s.
        await host.RestartAsync(downtime: TimeSpan.FromSeconds(27));
        await host.AdvanceAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(3, await host.Grains.GetGrain<IChainGrain>("reminded").ReceivedAsync());
        await host.AdvanceAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(4, await host.Grains.GetGrain<IChainGrain>("reminded").ReceivedAsync());
        await host.Grains.GetGrain<IChainGrain>("reminded").StopReminderAsync();
    }
}
