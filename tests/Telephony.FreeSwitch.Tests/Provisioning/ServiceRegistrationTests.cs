using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace CallCenter.Telephony.FreeSwitch.Tests;

public sealed class ServiceRegistrationTests
{
    [Fact]
    public async Task AddFreeSwitchTelephony_binds_the_section_and_registers_the_switch_and_its_connection()
    {
        await using var server = new FakeFreeSwitchServer(password: "from-config");
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Telephony:FreeSwitch:Host"] = "127.0.0.1",
            ["Telephony:FreeSwitch:Port"] = server.Port.ToString(),
            ["Telephony:FreeSwitch:Password"] = "from-config",
            ["Telephony:FreeSwitch:CommandTimeout"] = "00:00:05",
            ["Telephony:FreeSwitch:SofiaProfile"] = "agents",
            ["Telephony:FreeSwitch:RecordingDirectory"] = "/data/rec",
        }).Build();
        var services = new ServiceCollection().AddLogging().AddFreeSwitchTelephony(configuration);
        await using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<FreeSwitchOptions>>().Value;
        Assert.Equal((server.Port, "agents", "/data/rec", TimeSpan.FromSeconds(5)), (options.Port, options.SofiaProfile, options.RecordingDirectory, options.CommandTimeout));
        Assert.Same(provider.GetRequiredService<FreeSwitchSwitch>(), provider.GetRequiredService<ISwitch>());
        Assert.NotNull(provider.GetRequiredService<XmlCurlResponder>());

        var hosted = provider.GetServices<IHostedService>().ToList();
        foreach (var service in hosted) await service.StartAsync(CancellationToken.None);
        await provider.GetRequiredService<EventSocketClient>().WaitUntilConnectedAsync().WaitAsync(TimeSpan.FromSeconds(20));
        await server.WaitForCommandAsync(c => c.Text == "event json " + FreeSwitchSwitch.EventSubscription);
        foreach (var service in hosted) await service.StopAsync(CancellationToken.None);
        Assert.Equal("exit", server.Commands.Last().Text);
    }

    [Fact]
    public void A_missing_password_fails_validation()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Telephony:FreeSwitch:Host"] = "fs.example" }).Build();
        using var provider = new ServiceCollection().AddLogging().AddFreeSwitchTelephony(configuration).BuildServiceProvider();
        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<FreeSwitchOptions>>().Value);
        Assert.Contains("Password is required", error.Message);
    }
}
