using CallCenter.Runtime.Tests.Grains;
using CallCenter.Runtime.Tests.Hosting;
using CallCenter.Time;

namespace CallCenter.Runtime.Tests;

public sealed class ReminderTests
{
    private static readonly DateTimeOffset Nine = new(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);

    [Theory]
    [MemberData(nameof(StorageUnderTest.Providers), MemberType = typeof(StorageUnderTest))]
    public async Task A_reminder_fires_on_its_schedule_until_unregistered(string provider)
    {
        await using var storage = StorageUnderTest.Create(provider);
        await using var silo = await TestSilo.StartAsync(storage: storage, clock: new VirtualClock(Nine));
        var grain = silo.Grain<IReminderGrain>("tenant1:acw");

        await grain.Register("acw", TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5));
        await silo.AdvanceAsync(TimeSpan.FromMinutes(12));
        await grain.Unregister("acw");
        await silo.AdvanceAsync(TimeSpan.FromMinutes(20));

        Assert.Equal(["tenant1:acw:acw@09:01:00", "tenant1:acw:acw@09:06:00", "tenant1:acw:acw@09:11:00"], silo.Probe.EventsStartingWith("tenant1:acw:"));
        Assert.False(await grain.Has("acw"));
    }

    [Theory]
    [MemberData(nameof(StorageUnderTest.Providers), MemberType = typeof(StorageUnderTest))]
    public async Task Reminders_fire_after_a_restart_activating_their_grain(string provider)
    {
        await using var storage = StorageUnderTest.Create(provider);
        var probe = new Probe();
        var clock = new VirtualClock(Nine);
        await using (var first = await TestSilo.StartAsync(storage: storage, probe: probe, clock: clock))
        {
            await first.Grain<IReminderGrain>("tenant1:pacing").Register("pace", TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(10));
            await first.Grain<IReminderGrain>("tenant1:queue").Register("timeout", TimeSpan.FromMinutes(30), TimeSpan.FromHours(1));
            await first.AdvanceAsync(TimeSpan.FromMinutes(3)); // pace fires once at 09:02
        }

        await using var second = await TestSilo.StartAsync(storage: storage, probe: probe, clock: clock);
        Assert.Equal(0, second.Diagnostics.GetStatistics().Activations);
        await second.AdvanceAsync(TimeSpan.FromMinutes(30));

        Assert.Equal(["tenant1:pacing:pace@09:02:00", "tenant1:pacing:pace@09:12:00", "tenant1:pacing:pace@09:22:00", "tenant1:pacing:pace@09:32:00"],
            probe.EventsStartingWith("tenant1:pacing:"));
        Assert.Equal(["tenant1:queue:timeout@09:30:00"], probe.EventsStartingWith("tenant1:queue:"));
        Assert.Equal(["pace"], await second.Grain<IReminderGrain>("tenant1:pacing").GetReminderNames());
    }

    [Theory]
    [MemberData(nameof(StorageUnderTest.Providers), MemberType = typeof(StorageUnderTest))]
    public async Task A_tick_missed_while_the_host_was_down_fires_once_when_it_is_back(string provider)
    {
        await using var storage = StorageUnderTest.Create(provider);
        var probe = new Probe();
        var clock = new VirtualClock(Nine);
        await using (var first = await TestSilo.StartAsync(storage: storage, probe: probe, clock: clock))
        {
            await first.Grain<IReminderGrain>("tenant1:late").Register("due", TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(10));
        }
        clock.Advance(TimeSpan.FromMinutes(28)); // down from 09:00 to 09:28: the 09:05, 09:15 and 09:25 ticks were missed

        await using var second = await TestSilo.StartAsync(storage: storage, probe: probe, clock: clock);
        await second.AdvanceAsync(TimeSpan.FromMinutes(10));

        // One catch-up tick (for 09:05) right away, then the schedule continues: 09:35.
        Assert.Equal(["tenant1:late:due@09:05:00", "tenant1:late:due@09:35:00"], probe.EventsStartingWith("tenant1:late:"));
    }

    [Fact]
    public async Task A_reminder_needs_a_remindable_grain_and_a_sane_period()
    {
        await using var silo = await TestSilo.StartAsync(clock: new VirtualClock(Nine));
        var grain = silo.Grain<IReminderGrain>("tenant1:bad-period");

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => grain.Register("fast", TimeSpan.Zero, TimeSpan.FromMilliseconds(10)));
        Assert.False(await grain.Has("fast"));
    }
}
