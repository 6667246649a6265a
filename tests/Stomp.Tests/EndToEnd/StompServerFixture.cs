using CallCenter.Edge.Stomp;
using CallCenter.Stomp.Tests.Support;
using CallCenter.Tenancy;
using CallCenter.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace CallCenter.Stomp.Tests.EndToEnd;

/// <summary>
/// The whole system (<see cref="TestSilo"/>: silo and edge on a free loopback port, memory storage, simulated network)
/// with a test application handler and authenticator registered, and tenant "acme" provisioned next to the demo tenant.
/// </summary>
public class StompServerFixture : IAsyncLifetime
{
    private TestSilo? _silo;

    public Uri BaseAddress => Silo.BaseAddress;

    /// <summary>The SockJS base URL, as clients are given it.</summary>
    public Uri SockJsUrl => new(BaseAddress, "callcenter/ws");

    public IStompBroker Broker => Silo.Services.GetRequiredService<IStompBroker>();

    internal RecordingAppHandler AppHandler => (RecordingAppHandler)Silo.Services.GetServices<IStompAppHandler>().Single(h => h is RecordingAppHandler);

    private TestSilo Silo => _silo ?? throw new InvalidOperationException("not started");

    private protected virtual Dictionary<string, string?> Settings() => StompTestSettings.Default();

    public async Task InitializeAsync()
    {
        var settings = Settings();
        // TestSilo runs in the default (Production) environment, whose appsettings select FreeSWITCH; these tests want
        // the simulated network TestSilo promises. Harmless once TestSilo sets it itself.
        settings.TryAdd("Telephony:Provider", "Simulated");
        _silo = await TestSilo.StartAsync(new TestSiloOptions
        {
            Settings = settings,
            ConfigureServices = services =>
            {
                services.AddSingleton<IStompAuthenticator>(StompTestSettings.Authenticator());
                services.AddSingleton<IStompAppHandler>(sp => new RecordingAppHandler(sp.GetRequiredService<IStompBroker>));
            },
        });
        await _silo.Grains.GetGrain<ITenantGrain>("acme").ProvisionAsync(new TenantProvisioning("Acme", "acme.test", new TenantSettings(AllowAnonymousStomp: false)));
    }

    public async Task DisposeAsync()
    {
        if (_silo is not null) await _silo.DisposeAsync();
    }
}

/// <summary>The system with <see cref="StompTestSettings.Tight"/> settings.</summary>
public sealed class TightStompServerFixture : StompServerFixture
{
    private protected override Dictionary<string, string?> Settings() => StompTestSettings.Tight();
}
