using CallCenter.Telephony.Simulated;
using CallCenter.Telephony.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace CallCenter.Telephony.Tests;

/// <summary>What the embedded demo turns on: softphones that come online when provisioned, and carrier trunks from
/// configuration.</summary>
public sealed class EmbeddedConveniencesTests
{
    [Fact]
    public async Task Provisioned_phones_register_by_themselves_when_asked_to()
    {
        await using var sim = new SimulatorHarness(o => o.AutoRegisterPhones = true);
        await sim.Switch.ProvisionExtensionAsync(new ExtensionCredentials("1001", SimulatorHarness.Domain, "secret"));
        await sim.SettleAsync();
        var registered = sim.Events.OfType<ExtensionRegistered>().Single();
        Assert.Equal("1001", registered.Extension);
        Assert.True(sim.Network.ListPhones().Single().Registered);
    }

    [Fact]
    public async Task Phones_wait_for_a_register_by_default()
    {
        await using var sim = new SimulatorHarness();
        await sim.Switch.ProvisionExtensionAsync(new ExtensionCredentials("1001", SimulatorHarness.Domain, "secret"));
        await sim.SettleAsync();
        Assert.Empty(sim.Events.OfType<ExtensionRegistered>());
    }

    [Fact]
    public async Task Configured_gateways_are_provisioned_when_the_host_starts()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Telephony:Simulated:Gateways:0:Name"] = "pstn",
            ["Telephony:Simulated:Gateways:0:Realm"] = "pstn.simulated",
            ["Telephony:Simulated:Gateways:0:ChannelLimit"] = "2",
            ["Recording:LocalFolder:Root"] = Path.Combine(Path.GetTempPath(), "callcenter-embedded-" + Guid.NewGuid().ToString("N")),
        }).Build();
        var services = new ServiceCollection().AddLogging().AddSimulatedTelephony(configuration).BuildServiceProvider();
        foreach (var hosted in services.GetServices<IHostedService>()) await hosted.StartAsync(CancellationToken.None);

        var network = services.GetRequiredService<ISimulatedNetwork>();
        var telephony = services.GetRequiredService<ISwitch>();
        for (var i = 0; i < 3; i++)
            await telephony.OriginateAsync(new OriginateRequest($"leg-{i}", $"call-{i}", new PstnEndpoint("13800000000", "pstn"), "100"));
        await network.WhenIdleAsync();
        // Two channels: the third originate is refused for congestion, which proves the limit came from configuration.
        Assert.Equal(2, network.ActiveChannels("pstn"));
    }
}
