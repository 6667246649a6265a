using CallCenter.Time;

namespace CallCenter.Runtime.Tests;

public sealed class VirtualClockTests
{
    [Fact]
    public void A_timer_made_directly_fires_exactly_at_its_due_time()
    {
        var clock = new VirtualClock();
        var start = clock.GetUtcNow();
        DateTimeOffset? firedAt = null;
        using var timer = clock.CreateTimer(_ => firedAt = clock.GetUtcNow(), null, TimeSpan.FromMilliseconds(1500), Timeout.InfiniteTimeSpan);
        clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(start + TimeSpan.FromMilliseconds(1500), firedAt);
    }

    /// <summary>Task.Delay(TimeSpan, TimeProvider) truncates to whole milliseconds and completes a delay under 1 ms at
    /// once: a deadline loop like Orleans' DelayUntilAsync would spin forever if the clock stopped at the truncated due
    /// time. The clock lands a Task.Delay just before the next whole millisecond, so the loop sees its deadline passed.</summary>
    [Fact]
    public async Task A_deadline_loop_over_task_delay_wakes_once_and_does_not_spin()
    {
        var clock = new VirtualClock();
        var deadline = clock.GetUtcNow() + TimeSpan.FromTicks(49_995); // 4.9995 ms
        var rounds = 0;
        async Task WaitUntilAsync()
        {
            while (deadline - clock.GetUtcNow() is var remaining && remaining > TimeSpan.Zero)
            {
                if (++rounds > 10) throw new InvalidOperationException("spinning");
                await Task.Delay(remaining, clock);
            }
        }

        var waiting = WaitUntilAsync();
        clock.Advance(TimeSpan.FromMilliseconds(10));
        await waiting.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(1, rounds);
        Assert.True(clock.GetUtcNow() >= deadline);
    }

    [Fact]
    public void The_timer_firing_event_names_the_state_of_each_timer_before_its_callback_runs()
    {
        var clock = new VirtualClock();
        var seen = new List<object?>();
        var state = new object();
        clock.TimerFiring += s => seen.Add(s);
        using var timer = clock.CreateTimer(s => Assert.Single(seen), state, TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan);
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Same(state, Assert.Single(seen));
    }
}
