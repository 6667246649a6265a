using CallCenter.Runtime.Tests.Grains;
using CallCenter.Runtime.Tests.Hosting;

namespace CallCenter.Runtime.Tests;

public sealed class ExceptionPropagationTests
{
    [Fact]
    public async Task Exceptions_reach_the_caller_with_type_and_message_across_the_wire()
    {
        await using var silo = await TestSilo.StartAsync();
        var grain = silo.Grain<IFaultyGrain>("tenant1:faulty");

        var invalid = await Assert.ThrowsAsync<InvalidOperationException>(() => grain.Throw("invalid"));
        var missing = await Assert.ThrowsAsync<ArgumentNullException>(() => grain.Throw("null"));
        var domain = await Assert.ThrowsAsync<SeatBusyException>(() => grain.Throw("domain"));
        var opaque = await Assert.ThrowsAsync<UnavailableExceptionFallbackException>(() => grain.Throw("opaque"));

        Assert.Equal("seat is not logged in", invalid.Message);
        Assert.Equal(new ArgumentNullException("agentId", "agent id is required").Message, missing.Message);
        Assert.Equal("seat 7 is busy", domain.Message);
        Assert.Equal("opaque failure 42", opaque.Message);
        Assert.Contains(nameof(OpaqueFailureException), opaque.ExceptionType);
        // The callee's stack is attached, as a remote call's would be.
        Assert.Contains(nameof(FaultyGrain.Throw), invalid.StackTrace);
    }

    [Fact]
    public async Task The_activation_stays_usable_after_a_method_throws()
    {
        await using var silo = await TestSilo.StartAsync();
        var grain = silo.Grain<IFaultyGrain>("tenant1:survivor");

        await grain.Add(1);
        await Assert.ThrowsAsync<InvalidOperationException>(() => grain.Throw("invalid"));

        Assert.Equal(1002, await grain.Add(1));
        Assert.Equal(1, silo.Diagnostics.GetStatistics().ActivationsCreated);
    }

    [Fact]
    public async Task A_failed_activation_fails_its_calls_and_is_retried_on_the_next_call()
    {
        await using var silo = await TestSilo.StartAsync();

        var first = await Assert.ThrowsAsync<InvalidOperationException>(() => silo.Grain<IBrokenGrain>("bad-1").Hello());
        var second = await Assert.ThrowsAsync<InvalidOperationException>(() => silo.Grain<IBrokenGrain>("bad-1").Hello());

        Assert.Equal("cannot activate bad-1", first.Message);
        Assert.Equal("cannot activate bad-1", second.Message);
        Assert.Equal("hello good-1", await silo.Grain<IBrokenGrain>("good-1").Hello());
        Assert.Equal(1, silo.Diagnostics.GetStatistics().Activations);
    }
}
