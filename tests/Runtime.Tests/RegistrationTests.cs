using CallCenter.Runtime.Tests.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CallCenter.Runtime.Tests;

public sealed class RegistrationTests
{
    [Fact]
    public async Task Options_come_from_code_and_then_the_Runtime_configuration_section()
    {
        await using var silo = await TestSilo.StartAsync(
            runtime: o => o.CallTimeout = TimeSpan.FromSeconds(5),
            configuration: new Dictionary<string, string?>
            {
                ["Runtime:CollectionAge"] = "00:20:00",
                ["Runtime:StreamSubscriberQueueCapacity"] = "64",
            });

        var options = silo.Services.GetRequiredService<IOptions<RuntimeOptions>>().Value;

        Assert.Equal(TimeSpan.FromSeconds(5), options.CallTimeout);
        Assert.Equal(TimeSpan.FromMinutes(20), options.CollectionAge);
        Assert.Equal(64, options.StreamSubscriberQueueCapacity);
        Assert.True(options.SerializeCalls);
    }

    [Fact]
    public async Task Invalid_options_are_reported()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => TestSilo.StartAsync(runtime: o => o.CallTimeout = TimeSpan.Zero));

        Assert.Contains("CallTimeout", error.Message);
    }

    [Fact]
    public async Task The_client_and_the_factory_are_the_same()
    {
        await using var silo = await TestSilo.StartAsync();

        Assert.Same(silo.Services.GetRequiredService<IGrainFactory>(), silo.Services.GetRequiredService<IClusterClient>());
    }
}
