using CallCenter.Runtime.Tests.Grains;
using CallCenter.Runtime.Tests.Hosting;

namespace CallCenter.Runtime.Tests;

public sealed class GrainKeyTests
{
    [Theory]
    [InlineData("", "empty")]
    [InlineData("tenant1:\nseat", "control characters")]
    [InlineData("tenant1:\u0000", "control characters")]
    public async Task Bad_keys_are_refused_when_the_reference_is_made(string key, string reason)
    {
        await using var silo = await TestSilo.StartAsync();

        var error = Assert.Throws<ArgumentException>(() => silo.Grain<ICounterGrain>(key));

        Assert.Contains(reason, error.Message);
        Assert.Equal("primaryKey", error.ParamName);
    }

    [Fact]
    public async Task Keys_up_to_512_characters_are_accepted()
    {
        await using var silo = await TestSilo.StartAsync();

        var error = Assert.Throws<ArgumentException>(() => silo.Grain<ICounterGrain>(new string('k', 513)));
        Assert.Contains("at most 512", error.Message);
        Assert.Throws<ArgumentNullException>(() => silo.Grain<ICounterGrain>(null!));
        Assert.Equal(1, await silo.Grain<ICounterGrain>(new string('k', 512)).Increment());
        Assert.Equal(1, await silo.Grain<ICounterGrain>("租户/坐席 7 ✓").Increment());
    }
}
