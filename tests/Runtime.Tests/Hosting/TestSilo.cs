using CallCenter.Runtime.Storage;
using CallCenter.Storage.Memory;
using CallCenter.Time;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace CallCenter.Runtime.Tests.Hosting;

/// <summary>
/// A host running the grain runtime over this assembly's test grains, with <see cref="RuntimeOptions.SerializeCalls"/>
/// always on so that everything the tests send must survive the wire.
/// </summary>
public sealed class TestSilo : IAsyncDisposable
{
    private readonly IHost _host;
    private bool _stopped;

    private TestSilo(IHost host, Probe probe, VirtualClock? clock)
    {
        _host = host;
        Probe = probe;
        Clock = clock;
    }

    public IServiceProvider Services => _host.Services;

    public IClusterClient Client => Services.GetRequiredService<IClusterClient>();

    public IGrainFactory Grains => Client;

    public IGrainRuntimeDiagnostics Diagnostics => Services.GetRequiredService<IGrainRuntimeDiagnostics>();

    public Probe Probe { get; }

    public VirtualClock? Clock { get; }

    public static async Task<TestSilo> StartAsync(
        Action<RuntimeOptions>? runtime = null,
        StorageUnderTest? storage = null,
        Probe? probe = null,
        VirtualClock? clock = null,
        Action<IServiceCollection>? services = null,
        IDictionary<string, string?>? configuration = null)
    {
        probe ??= new Probe();
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        if (configuration is not null) builder.Configuration.AddInMemoryCollection(configuration);
        builder.Services.AddGrainRuntime(options =>
        {
            options.SerializeCalls = true;
            runtime?.Invoke(options);
        }, typeof(TestSilo).Assembly);
        builder.Services.AddSingleton(probe);
        builder.Services.AddKeyedSingleton<IGrainStorage>("Default", storage?.GrainStorage ?? new MemoryGrainStorage());
        builder.Services.AddKeyedSingleton<IGrainStorage>("Secondary", storage?.SecondaryGrainStorage ?? new MemoryGrainStorage());
        builder.Services.AddSingleton(storage?.ReminderTable ?? new MemoryReminderTable());
        if (clock is not null) builder.Services.AddSingleton<TimeProvider>(clock);
        services?.Invoke(builder.Services);
        var host = builder.Build();
        await host.StartAsync();
        return new TestSilo(host, probe, clock);
    }

    public TGrain Grain<TGrain>(string key) where TGrain : IGrainWithStringKey => Grains.GetGrain<TGrain>(key);

    /// <summary>Advances the virtual clock, letting everything each timer sets off finish before time moves on.</summary>
    public Task AdvanceAsync(TimeSpan by)
        => (Clock ?? throw new InvalidOperationException("This silo runs on real time.")).AdvanceAsync(by, () => Diagnostics.WaitForQuiescenceAsync());

    /// <summary>Stops the host as a shutdown would: every activation is deactivated.</summary>
    public async Task StopAsync()
    {
        if (_stopped) return;
        _stopped = true;
        await _host.StopAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _host.Dispose();
    }
}
