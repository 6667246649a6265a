using CallCenter.Runtime.Diagnostics;
using CallCenter.Runtime.Tests.Grains;
using CallCenter.Runtime.Tests.Support;

namespace CallCenter.Runtime.Tests;

/// <summary>Orleans has no cycle detection (a cycle waits out the response timeout); the test-time detector fails it at
/// once and names the chain.</summary>
public sealed class CallCycleTests
{
    [Fact]
    public async Task A_call_back_into_a_waiting_grain_fails_at_once_naming_the_chain()
    {
        await using var host = await OrleansTestHost.StartAsync();
        var failure = await Assert.ThrowsAsync<CallCycleException>(() => host.Grains.GetGrain<IChainGrain>("a").PingAsync("b"))
            .WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Contains("test-chain/a.PingAsync → test-chain/b.PongAsync → test-chain/a.EchoAsync", failure.Message);
    }

    [Fact]
    public async Task A_one_way_call_back_is_no_cycle()
    {
        await using var host = await OrleansTestHost.StartAsync();
        await host.Grains.GetGrain<IChainGrain>("x").PingOneWayBackAsync("y");
        await host.SettleAsync();
        Assert.Equal(1, await host.Grains.GetGrain<IChainGrain>("x").ReceivedAsync());
    }
}
