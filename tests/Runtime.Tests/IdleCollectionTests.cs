using CallCenter.Runtime.Tests.Grains;
using CallCenter.Runtime.Tests.Hosting;
using CallCenter.Time;

namespace CallCenter.Runtime.Tests;

public sealed class IdleCollectionTests
{
    private static Task<TestSilo> StartAsync() => TestSilo.StartAsync(
        runtime: o =>
        {
            o.CollectionAge = TimeSpan.FromMinutes(2);
            o.CollectionQuantum = TimeSpan.FromMinutes(1);
        },
        clock: new VirtualClock());

    [Fact]
    public async Task An_activation_idle_longer_than_the_collection_age_is_deactivated()
    {
        await using var silo = await StartAsync();
        await silo.Grain<IIdleGrain>("tenant1:used").Touch();
        await silo.Grain<IIdleGrain>("tenant1:idle").Touch();

        for (var minute = 0; minute < 4; minute++)
        {
            await silo.AdvanceAsync(TimeSpan.FromSeconds(59));
            await silo.Grain<IIdleGrain>("tenant1:used").Touch();
            await silo.AdvanceAsync(TimeSpan.FromSeconds(1));
            if (minute == 0) Assert.Empty(silo.Probe.EventsStartingWith("idle/tenant1:idle deactivated"));
        }

        Assert.Equal(["idle/tenant1:idle deactivated: ActivationIdle"], silo.Probe.EventsStartingWith("idle/tenant1:idle deactivated"));
        Assert.Empty(silo.Probe.EventsStartingWith("idle/tenant1:used deactivated"));
        Assert.Equal(1, silo.Diagnostics.GetStatistics().Activations);
    }

    [Fact]
    public async Task DelayDeactivation_keeps_an_idle_activation_and_timers_do_not()
    {
        await using var silo = await StartAsync();
        await silo.Grain<IIdleGrain>("tenant1:kept").KeepAlive(TimeSpan.FromMinutes(10));
        await silo.Grain<IIdleGrain>("tenant1:ticking").StartTimer(TimeSpan.FromSeconds(20));

        await silo.AdvanceAsync(TimeSpan.FromMinutes(5));
        Assert.Empty(silo.Probe.EventsStartingWith("idle/tenant1:kept deactivated"));
        Assert.Equal(["idle/tenant1:ticking deactivated: ActivationIdle"], silo.Probe.EventsStartingWith("idle/tenant1:ticking deactivated"));

        await silo.AdvanceAsync(TimeSpan.FromMinutes(8));
        Assert.Equal(["idle/tenant1:kept deactivated: ActivationIdle"], silo.Probe.EventsStartingWith("idle/tenant1:kept deactivated"));
    }

    [Fact]
    public async Task Shutdown_deactivates_every_activation()
    {
        await using var silo = await TestSilo.StartAsync();
        await silo.Grain<IIdleGrain>("tenant1:one").Touch();
        await silo.Grain<IIdleGrain>("tenant1:two").Touch();

        await silo.StopAsync();

        Assert.Equal(
            ["idle/tenant1:one deactivated: ShuttingDown", "idle/tenant1:two deactivated: ShuttingDown"],
            silo.Probe.EventsStartingWith("idle/").Where(e => e.Contains("deactivated")).Order());
        await Assert.ThrowsAsync<InvalidOperationException>(() => silo.Grain<IIdleGrain>("tenant1:one").Touch());
    }
}
