using CallCenter.Runtime.Diagnostics;
using CallCenter.Runtime.Tests.Grains;
using CallCenter.Runtime.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace CallCenter.Runtime.Tests;

/// <summary>The quiescence tracker waits for exactly the work a test set off: no sleeps, no polling.</summary>
public sealed class QuiescenceTests
{
    [Fact]
    public async Task A_chain_of_one_way_calls_has_run_to_its_end_when_the_silo_settles()
    {
        await using var host = await OrleansTestHost.StartAsync();
        await host.Grains.GetGrain<IChainGrain>("c").RelayAsync(20);
        await host.SettleAsync();
        Assert.Equal(1, await host.Grains.GetGrain<IChainGrain>("c" + new string('+', 20)).ReceivedAsync());
        Assert.Equal(0, host.Quiescence.Outstanding);
    }

    [Fact]
    public async Task Grain_timers_on_the_virtual_clock_tick_exactly_on_time_and_what_they_send_has_arrived()
    {
        await using var host = await OrleansTestHost.StartAsync(virtualTime: true);
        var grain = host.Grains.GetGrain<IChainGrain>("timed");
        await grain.StartTimerAsync(TimeSpan.FromSeconds(1), ticks: 5);
        await host.AdvanceAsync(TimeSpan.FromSeconds(3));
        Assert.Equal(3, await grain.ReceivedAsync());
        Assert.Equal(3, await host.Grains.GetGrain<IChainGrain>("timed+").ReceivedAsync());
        await host.AdvanceAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(5, await grain.ReceivedAsync());
        Assert.Equal(5, await host.Grains.GetGrain<IChainGrain>("timed+").ReceivedAsync());
    }

    [Fact]
    public async Task Reminders_on_the_virtual_clock_tick_on_their_grid_and_their_effects_have_arrived()
    {
        await using var host = await OrleansTestHost.StartAsync(virtualTime: true);
        var grain = host.Grains.GetGrain<IChainGrain>("reminded");
        await grain.StartReminderAsync(TimeSpan.FromSeconds(10));
        await host.AdvanceAsync(TimeSpan.FromSeconds(35));
        Assert.Equal(3, await grain.ReceivedAsync());
        Assert.Equal(3, await host.Grains.GetGrain<IChainGrain>("reminded+").ReceivedAsync());
        await grain.StopReminderAsync();
        await host.AdvanceAsync(TimeSpan.FromMinutes(1));
        Assert.Equal(3, await grain.ReceivedAsync());
    }

    [Fact]
    public async Task Declared_background_work_holds_the_silo_unsettled_and_is_named_while_it_does()
    {
        await using var host = await OrleansTestHost.StartAsync();
        await host.SettleAsync();
        var work = host.Services.GetRequiredService<IBackgroundWork>();
        var unit = work.Begin("delivering something slow");
        var idle = host.Quiescence.WhenIdleAsync();
        Assert.False(idle.IsCompleted);
        Assert.Contains("delivering something slow", host.Quiescence.Describe());
        unit.Dispose();
        await idle.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal("nothing", host.Quiescence.Describe());
    }
}
