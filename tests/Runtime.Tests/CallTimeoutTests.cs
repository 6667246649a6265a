using CallCenter.Runtime.Tests.Grains;
using CallCenter.Runtime.Tests.Hosting;
using CallCenter.Time;

namespace CallCenter.Runtime.Tests;

public sealed class CallTimeoutTests
{
    [Fact]
    public async Task A_call_that_takes_too_long_fails_naming_the_grain_and_the_method()
    {
        // A virtual clock that never moves: the timeout runs on real time regardless.
        // Generous enough that the final call, made after the long turn ends, never times out on a loaded machine.
        await using var silo = await TestSilo.StartAsync(runtime: o => o.CallTimeout = TimeSpan.FromSeconds(1), clock: new VirtualClock());
        var grain = silo.Grain<IPingGrain>("tenant1:stuck");
        try
        {
            var running = await Assert.ThrowsAsync<GrainCallTimeoutException>(() => grain.Hang("forever"));
            var queued = await Assert.ThrowsAsync<GrainCallTimeoutException>(() => grain.Echo("behind the hang"));

            Assert.Contains("PingGrain/tenant1:stuck", running.Message);
            Assert.Contains("IPingGrain.Hang", running.Message);
            Assert.Equal(("PingGrain", "tenant1:stuck", "IPingGrain.Hang"), (running.GrainType, running.GrainKey, running.MethodName));
            Assert.Contains("IPingGrain.Echo", queued.Message);
            Assert.Contains("queued behind IPingGrain.Hang", queued.Message);
            Assert.IsAssignableFrom<TimeoutException>(queued);
        }
        finally
        {
            silo.Probe.Open("forever");
        }
        // The activation is still usable once the long turn ends.
        Assert.Equal("again", await grain.Echo("again"));
        Assert.True(silo.Diagnostics.GetStatistics().CallsTimedOut >= 2);
    }

    [Fact]
    public async Task A_call_cycle_surfaces_as_a_timeout_that_names_the_cycle()
    {
        // The sweeper recognises the cycle once the closing call is half a timeout old; 2 s leaves a loaded machine a full
        // second to send the chain A→B→A (see CallTimeoutSweeper).
        await using var silo = await TestSilo.StartAsync(runtime: o => o.CallTimeout = TimeSpan.FromSeconds(2));

        var error = await Assert.ThrowsAsync<GrainCallTimeoutException>(() => silo.Grain<IPingGrain>("tenant1:a").Ping("tenant1:b"));

        Assert.Equal("IPingGrain.Echo", error.MethodName);
        Assert.Equal("tenant1:a", error.GrainKey);
        Assert.Contains("call cycle", error.Message);
        Assert.Contains("PingGrain/tenant1:a IPingGrain.Ping → PongGrain/tenant1:b IPongGrain.Pong → PingGrain/tenant1:a IPingGrain.Echo", error.Message);
        // Both grains recover.
        Assert.Equal("pong echo", await silo.Grain<IPongGrain>("tenant1:b").Pong("tenant1:c"));
        Assert.Equal("x", await silo.Grain<IPingGrain>("tenant1:a").Echo("x"));
    }
}
