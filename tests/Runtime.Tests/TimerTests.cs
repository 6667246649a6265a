using CallCenter.Runtime.Tests.Grains;
using CallCenter.Runtime.Tests.Hosting;
using CallCenter.Time;

namespace CallCenter.Runtime.Tests;

public sealed class TimerTests
{
    [Fact]
    public async Task Timer_ticks_are_turns_on_the_injected_clock()
    {
        await using var silo = await TestSilo.StartAsync(clock: new VirtualClock());
        var grain = silo.Grain<ITimerGrain>("tenant1:ticker");

        await grain.Start(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(10));
        await silo.AdvanceAsync(TimeSpan.FromSeconds(9));
        Assert.Equal(0, await grain.Ping());

        await silo.AdvanceAsync(TimeSpan.FromSeconds(51));
        var pings = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => grain.Ping()));

        Assert.Equal(6, pings.Max());
        Assert.Equal(0, silo.Probe.Count("timer-overlap/tenant1:ticker"));
        Assert.Empty(silo.Probe.EventsStartingWith("timer/tenant1:ticker got"));
    }

    [Fact]
    public async Task Timers_stop_when_the_activation_deactivates()
    {
        await using var silo = await TestSilo.StartAsync(clock: new VirtualClock());
        var grain = silo.Grain<ITimerGrain>("tenant1:stopper");
        await grain.Start(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
        await silo.AdvanceAsync(TimeSpan.FromSeconds(3));
        Assert.Equal(3, silo.Probe.Count("timer/tenant1:stopper"));

        await grain.Deactivate();
        await silo.Diagnostics.WaitForQuiescenceAsync();
        await silo.AdvanceAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(3, silo.Probe.Count("timer/tenant1:stopper"));
        Assert.Equal(["timer/tenant1:stopper deactivated: ApplicationRequested"], silo.Probe.EventsStartingWith("timer/tenant1:stopper deactivated"));
        Assert.Equal(0, silo.Diagnostics.GetStatistics().Activations);
    }

    [Fact]
    public async Task A_disposed_timer_stops_and_a_one_shot_timer_fires_once()
    {
        await using var silo = await TestSilo.StartAsync(clock: new VirtualClock());
        var periodic = silo.Grain<ITimerGrain>("tenant1:disposed");
        var oneShot = silo.Grain<ITimerGrain>("tenant1:once");
        await periodic.Start(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
        await oneShot.Start(TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan);

        await silo.AdvanceAsync(TimeSpan.FromSeconds(2));
        await periodic.Stop();
        await silo.AdvanceAsync(TimeSpan.FromSeconds(5));

        Assert.Equal(2, silo.Probe.Count("timer/tenant1:disposed"));
        Assert.Equal(1, silo.Probe.Count("timer/tenant1:once"));
    }
}
