using CallCenter.Telephony.Recording;
using CallCenter.Telephony.Simulated;
using CallCenter.Time;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CallCenter.Telephony.Tests;

public sealed class ServiceRegistrationTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "cc-di-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }

    private IConfiguration Configuration() => new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["Telephony:Simulated:Seed"] = "42",
        ["Telephony:Simulated:DefaultRingTimeout"] = "00:00:20",
        ["Telephony:Simulated:RecordingTone"] = "false",
        ["Telephony:Simulated:PromptLengths:welcome.wav"] = "00:00:04",
        ["Telephony:Simulated:Phones:AutoAnswer"] = "false",
        ["Telephony:Simulated:Profiles:default:AnswerProbability"] = "0.5",
        ["Telephony:Simulated:Profiles:busy:BusyProbability"] = "1",
        ["Telephony:Simulated:Profiles:busy:TalkTime:Kind"] = "Exponential",
        ["Telephony:Simulated:Profiles:busy:TalkTime:MeanSeconds"] = "90",
        ["Telephony:Simulated:GatewayProfiles:gw-busy"] = "busy",
        ["Telephony:Simulated:NumberProfiles:0:Pattern"] = "^400",
        ["Telephony:Simulated:NumberProfiles:0:Profile"] = "busy",
        ["Telephony:Simulated:InboundTraffic:0:Name"] = "hotline",
        ["Telephony:Simulated:InboundTraffic:0:Number"] = "4008001000",
        ["Telephony:Simulated:InboundTraffic:0:Gateway"] = "gw",
        ["Telephony:Simulated:InboundTraffic:0:CallsPerHour"] = "30",
        ["Recording:LocalFolder:Root"] = _root,
    }).Build();

    [Fact]
    public void Options_bind_from_the_Telephony_Simulated_section()
    {
        var services = new ServiceCollection();
        services.AddSimulatedTelephony(Configuration());
        using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<SimulatedNetworkOptions>>().Value;

        Assert.Equal(42, options.Seed);
        Assert.Equal(TimeSpan.FromSeconds(20), options.DefaultRingTimeout);
        Assert.False(options.RecordingTone);
        Assert.Equal(TimeSpan.FromSeconds(4), options.PromptLengths["WELCOME.WAV"]);
        Assert.False(options.Phones.AutoAnswer);
        Assert.Equal(0.5, options.Profiles["default"].AnswerProbability);
        Assert.Equal(0.08, options.Profiles["default"].BusyProbability);
        Assert.Equal(DistributionKind.LogNormal, options.Profiles["default"].RingTime.Kind);
        Assert.Equal(1, options.Profiles["busy"].BusyProbability);
        Assert.Equal((DistributionKind.Exponential, 90.0), (options.Profiles["busy"].TalkTime.Kind, options.Profiles["busy"].TalkTime.MeanSeconds));
        Assert.Equal("busy", options.GatewayProfiles["gw-busy"]);
        Assert.Equal("^400", Assert.Single(options.NumberProfiles).Pattern);
        Assert.Equal(30, Assert.Single(options.InboundTraffic).CallsPerHour);
    }

    [Fact]
    public async Task One_network_serves_as_the_switch_and_the_control_surface_on_the_container_clock_and_store()
    {
        var clock = new VirtualClock();
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(clock);
        services.AddSimulatedTelephony(Configuration());
        await using var provider = services.BuildServiceProvider();

        var telephony = provider.GetRequiredService<ISwitch>();
        var network = provider.GetRequiredService<ISimulatedNetwork>();

        Assert.Same(provider.GetRequiredService<SimulatedSwitch>(), telephony);
        Assert.Same(telephony, network);
        Assert.Equal(clock.GetUtcNow(), network.Now);
        var store = Assert.IsType<LocalFolderBlobStore>(provider.GetRequiredService<IBlobStore>());
        Assert.Equal(Path.GetFullPath(_root), store.Root);
    }

    [Fact]
    public void An_explicitly_registered_blob_store_is_kept()
    {
        var services = new ServiceCollection();
        var memory = new InMemoryBlobStore();
        services.AddSingleton<IBlobStore>(memory);
        services.AddSimulatedTelephony(o => o.Seed = 5);
        using var provider = services.BuildServiceProvider();

        Assert.Same(memory, provider.GetRequiredService<IBlobStore>());
        Assert.Equal(5, provider.GetRequiredService<IOptions<SimulatedNetworkOptions>>().Value.Seed);
    }

    [Fact]
    public void The_local_folder_store_can_be_registered_on_its_own()
    {
        var services = new ServiceCollection();
        services.AddLocalFolderBlobStore(o => o.Root = _root);
        using var provider = services.BuildServiceProvider();

        Assert.Equal(Path.GetFullPath(_root), Assert.IsType<LocalFolderBlobStore>(provider.GetRequiredService<IBlobStore>()).Root);
    }
}
