using CallCenter.Runtime.Tests.Grains;
using CallCenter.Runtime.Tests.Hosting;

namespace CallCenter.Runtime.Tests;

public sealed class SerializationTests
{
    [Fact]
    public async Task A_non_serializable_argument_fails_the_call()
    {
        await using var silo = await TestSilo.StartAsync();
        var grain = silo.Grain<IEchoGrain>("tenant1:echo");

        var error = await Assert.ThrowsAsync<GrainSerializationException>(() => grain.Accept(new CallbackRequest("x", () => { })));

        Assert.Contains("'request'", error.Message);
        Assert.Contains("IEchoGrain.Accept", error.Message);
        Assert.Equal(0, silo.Diagnostics.GetStatistics().Activations); // refused at the sender
    }

    [Fact]
    public async Task A_non_serializable_result_fails_the_call()
    {
        await using var silo = await TestSilo.StartAsync();

        var error = await Assert.ThrowsAsync<GrainSerializationException>(() => silo.Grain<IEchoGrain>("tenant1:echo").Produce());

        Assert.Contains("IEchoGrain.Produce", error.Message);
    }

    [Fact]
    public async Task Polymorphic_records_round_trip_through_their_base_type()
    {
        await using var silo = await TestSilo.StartAsync();
        var grain = silo.Grain<IEchoGrain>("tenant1:echo");

        var dial = await grain.EchoCommand(new DialCommand("c1", "+8613800000000"));
        var all = await grain.EchoCommands([new DialCommand("c2", "100"), new HangupCommand("c2", 16)]);

        Assert.Equal(new DialCommand("c1", "+8613800000000"), dial);
        Assert.Equal([new DialCommand("c2", "100"), new HangupCommand("c2", 16)], all);
    }

    [Fact]
    public async Task Arguments_are_copies_so_the_caller_cannot_change_what_the_grain_holds()
    {
        await using var silo = await TestSilo.StartAsync();
        var grain = silo.Grain<IEchoGrain>("tenant1:echo");
        var info = new CallerInfo("+861234", ["vip"]);

        await grain.Keep(info);
        info.Tags.Add("changed after the call");
        var echoed = await grain.Echo(info);

        Assert.Equal(["vip"], (await grain.GetKept())!.Tags);
        Assert.NotSame(info, echoed);
        Assert.Equal(info.Tags, echoed.Tags);
    }

    [Fact]
    public async Task Grain_references_travel_as_arguments()
    {
        await using var silo = await TestSilo.StartAsync();
        var counter = silo.Grain<ICounterGrain>("tenant1:shared-counter");

        Assert.Equal(1, await silo.Grain<IEchoGrain>("tenant1:echo").IncrementThrough(counter));
        Assert.Equal(2, await counter.Increment());
    }
}
