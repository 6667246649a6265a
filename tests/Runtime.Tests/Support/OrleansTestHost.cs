using System.Net;
using System.Net.Sockets;
using CallCenter.Runtime.Diagnostics;
using CallCenter.Runtime.Hosting;
using CallCenter.Storage.Hosting;
using CallCenter.Time;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.Hosting;

namespace CallCenter.Runtime.Tests.Support;

/// <summary>
/// A bare silo (no edge, no domain services) with this assembly's test grains, the project's storage chosen by
/// <c>storage</c> (Memory, Sqlite, Postgres), reminders, and the quiescence tracker; restartable over the same storage.
/// </summary>
public sealed class OrleansTestHost : IAsyncDisposable
{
    private readonly string _storage;
    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("callcenter-orleans-").FullName;
    private readonly string _postgresSchema = "t_" + Guid.NewGuid().ToString("N")[..16];
    private readonly Action<ISiloBuilder>? _configure;
    private IHost _host;

    private OrleansTestHost(string storage, VirtualClock? clock, Action<ISiloBuilder>? configure)
    {
        _storage = storage;
        Clock = clock;
        _configure = configure;
        _host = null!;
    }

    public VirtualClock? Clock { get; }

    public IServiceProvider Services => _host.Services;

    public IGrainFactory Grains => Services.GetRequiredService<IGrainFactory>();

    public QuiescenceTracker Quiescence => Services.GetRequiredService<QuiescenceTracker>();

    public static async Task<OrleansTestHost> StartAsync(string storage = "Memory", bool virtualTime = false, Action<ISiloBuilder>? configure = null)
    {
        var host = new OrleansTestHost(storage, virtualTime ? new VirtualClock() : null, configure);
        host._host = await host.BuildAndStartAsync();
        return host;
    }

    public async Task SettleAsync()
    {
        for (var round = 0; round < 1000; round++)
        {
            var before = Quiescence.Version;
            await Quiescence.WhenIdleAsync().WaitAsync(TimeSpan.FromSeconds(30));
            if (Quiescence.Version == before) return;
        }
        throw new InvalidOperationException("did not settle: " + Quiescence.Describe());
    }

    public Task AdvanceAsync(TimeSpan by) => (Clock ?? throw new InvalidOperationException("not virtual time")).AdvanceAsync(by, SettleAsync);

    /// <summary>Stops the silo and starts a new one over the same storage (and clock).</summary>
    public async Task RestartAsync(TimeSpan downtime = default)
    {
        await _host.StopAsync();
        _host.Dispose();
        if (downtime > TimeSpan.Zero) (Clock ?? throw new InvalidOperationException("not virtual time")).Advance(downtime);
        _host = await BuildAndStartAsync();
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _host.StopAsync();
        }
        finally
        {
            _host.Dispose();
            try { Directory.Delete(_dataDirectory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    private async Task<IHost> BuildAndStartAsync()
    {
        for (var attempt = 1; ; attempt++)
        {
            var host = Build();
            try
            {
                await host.StartAsync();
                return host;
            }
            catch (Exception e) when (attempt < 5 && e.ToString().Contains("address already in use", StringComparison.OrdinalIgnoreCase))
            {
                host.Dispose();
            }
        }
    }

    private IHost Build()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Storage:Provider"] = _storage,
            ["Storage:Sqlite:ConnectionString"] = $"Data Source={Path.Combine(_dataDirectory, "test.db")}",
        };
        if (_storage == "Postgres")
        {
            settings["Storage:Postgres:ConnectionString"] = Environment.GetEnvironmentVariable("CALLCENTER_TEST_POSTGRES")
                ?? throw new InvalidOperationException("CALLCENTER_TEST_POSTGRES is not set: run the tests through ./scripts/test.sh, which starts PostgreSQL");
            settings["Storage:Postgres:Schema"] = _postgresSchema;
        }
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Test", DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.UseOrleans(silo =>
        {
            silo.UseLocalhostClustering(FreePort(), FreePort());
            silo.Configure<ReminderOptions>(o => o.MinimumReminderPeriod = TimeSpan.FromSeconds(1));
            silo.AddCallCenterStorage(builder.Configuration.GetSection("Storage"));
            silo.AddQuiescenceTracking(new QuiescenceTracker(), Clock);
            _configure?.Invoke(silo);
        });
        return builder.Build();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
