using CallCenter.Runtime.Invocation;
using CallCenter.Runtime.Tests.Grains;
using CallCenter.Runtime.Tests.Hosting;

namespace CallCenter.Runtime.Tests;

public sealed class GrainReferenceTests
{
    [Fact]
    public async Task References_are_typed_cheap_and_equal_by_identity()
    {
        await using var silo = await TestSilo.StartAsync();

        var one = silo.Grain<ISeatGrain>("tenant1:seat-7");
        var two = silo.Grain<ISeatGrain>("tenant1:seat-7");

        Assert.Equal(one, two);
        Assert.Equal(one.GetHashCode(), two.GetHashCode());
        Assert.NotEqual(one, silo.Grain<ISeatGrain>("tenant1:seat-8"));
        Assert.Equal("tenant1:seat-7", one.GetPrimaryKeyString());
        Assert.Equal(new GrainId("seat", "tenant1:seat-7"), one.GetGrainId());
        Assert.Equal("ISeatGrain:seat/tenant1:seat-7", one.ToString());
        Assert.Equal(0, silo.Diagnostics.GetStatistics().Activations); // no call, no activation
    }

    [Fact]
    public async Task Grain_type_names_come_from_the_attribute_or_the_class_name()
    {
        await using var silo = await TestSilo.StartAsync();

        Assert.Equal("seat", silo.Grain<ISeatGrain>("k").GetGrainId().Type);
        Assert.Equal("CounterGrain", silo.Grain<ICounterGrain>("k").GetGrainId().Type);
    }

    [Fact]
    public async Task An_interface_without_a_grain_class_is_refused()
    {
        await using var silo = await TestSilo.StartAsync();

        var error = Assert.Throws<ArgumentException>(() => silo.Grain<IMisfitGrain>("k"));

        Assert.Contains("No grain class implements", error.Message);
    }

    [Theory]
    [InlineData(typeof(IMisfitGrain), "returns Int32")]
    [InlineData(typeof(IMisfitOneWayGrain), "[OneWay] but returns a result")]
    public void Grain_interfaces_that_do_not_fit_the_model_are_refused(Type grainInterface, string reason)
    {
        var error = Assert.Throws<InvalidOperationException>(() => GrainInterfaceDescriptor.For(grainInterface));

        Assert.Contains(reason, error.Message);
    }
}
