using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using CallCenter.Runtime.Diagnostics;
using CallCenter.Runtime.Hosting;
using CallCenter.Silo.Hosting;
using CallCenter.Telephony;
using CallCenter.Telephony.Simulated;
using CallCenter.Time;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace CallCenter.TestSupport;

/// <summary>
/// The whole system (the Orleans silo with the edge co-hosted, <see cref="SiloHost.Build"/>) on free loopback ports, for
/// end-to-end tests that talk to it as clients do: over real HTTP and websockets. Its work is counted by a
/// <see cref="QuiescenceTracker"/> (which also fails call cycles at once), so <see cref="SettleAsync"/> waits for exactly
/// what the test set off.
/// </summary>
public sealed class TestSilo : IAsyncDisposable
{
    private readonly TestSiloOptions _options;
    private readonly string _dataDirectory;
    private readonly string? _postgresSchema;
    private WebApplication _app;

    private TestSilo(TestSiloOptions options, string dataDirectory, string? postgresSchema, VirtualClock? clock, WebApplication app)
    {
        _options = options;
        _dataDirectory = dataDirectory;
        _postgresSchema = postgresSchema;
        Clock = clock;
        _app = app;
        Http = new HttpClient();
        OnStarted();
    }

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>A client whose BaseAddress is the silo's; recreated on restart.</summary>
    public HttpClient Http { get; private set; }

    public IServiceProvider Services => _app.Services;

    public IGrainFactory Grains => Services.GetRequiredService<IGrainFactory>();

    /// <summary>Counts this silo's outstanding work (grain calls, timer and reminder ticks, declared background work).</summary>
    public QuiescenceTracker Quiescence => Services.GetRequiredService<QuiescenceTracker>();

    public ISwitch Switch => Services.GetRequiredService<ISwitch>();

    /// <summary>The far ends of the simulated network: phones, PSTN parties, inbound traffic.</summary>
    public ISimulatedNetwork Network => Services.GetRequiredService<ISimulatedNetwork>();

    /// <summary>The virtual clock, when started with <see cref="TestSiloOptions.VirtualTime"/>.</summary>
    public VirtualClock? Clock { get; }

    /// <summary>ws://… form of <see cref="BaseAddress"/>.</summary>
    public Uri WebSocketAddress(string path) => new UriBuilder(BaseAddress) { Scheme = "ws", Path = path }.Uri;

    public static async Task<TestSilo> StartAsync(TestSiloOptions? options = null)
    {
        options ??= new TestSiloOptions();
        var dataDirectory = Directory.CreateTempSubdirectory("callcenter-silo-").FullName;
        var schema = options.Storage.Equals("Postgres", StringComparison.OrdinalIgnoreCase) ? "t_" + Guid.NewGuid().ToString("N")[..16] : null;
        var clock = options.Clock ?? (options.VirtualTime ? new VirtualClock() : null);
        var app = await StartHostAsync(options, dataDirectory, schema, clock);
        return new TestSilo(options, dataDirectory, schema, clock, app);
    }

    /// <summary>How long <see cref="SettleAsync"/> waits (real time) before it fails, naming what is still outstanding.</summary>
    public static TimeSpan SettleTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Waits until grains, timers, reminders, declared background work and the simulated network have nothing
    /// left to do.</summary>
    public async Task SettleAsync()
    {
        var tracker = Quiescence;
        var network = Services.GetService<ISimulatedNetwork>();
        // Each side can hand work to the other, so settle until a full round changes nothing.
        for (var round = 0; round < 1000; round++)
        {
            var before = tracker.Version;
            await WhenIdleAsync(tracker);
            if (network is not null) await network.WhenIdleAsync();
            await WhenIdleAsync(tracker);
            if (tracker.Version == before) return;
        }
        throw new InvalidOperationException("the system did not settle after 1000 rounds: something keeps generating work: " + tracker.Describe());
    }

    private static async Task WhenIdleAsync(QuiescenceTracker tracker)
    {
        try
        {
            await tracker.WhenIdleAsync().WaitAsync(SettleTimeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"the silo did not settle within {SettleTimeout}; outstanding: {tracker.Describe()}");
        }
    }

    /// <summary>Moves virtual time forward, letting everything each timer sets off run before time moves on.</summary>
    public Task AdvanceAsync(TimeSpan by)
        => (Clock ?? throw new InvalidOperationException("start the silo with VirtualTime = true to advance time")).AdvanceAsync(by, SettleAsync);

    /// <summary>Stops the process-equivalent and starts a new one over the same storage (not with Memory storage, which
    /// does not survive, by design).</summary>
    public async Task RestartAsync()
    {
        if (_options.Storage.Equals("Memory", StringComparison.OrdinalIgnoreCase))
            throw new InvalidOperationException("a restart keeps nothing with Memory storage; use Sqlite or Postgres");
        await _app.StopAsync();
        await _app.DisposeAsync();
        Http.Dispose();
        _app = await StartHostAsync(_options, _dataDirectory, _postgresSchema, Clock);
        Http = new HttpClient();
        OnStarted();
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        try
        {
            await _app.StopAsync();
        }
        finally
        {
            await _app.DisposeAsync();
            try { Directory.Delete(_dataDirectory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    private void OnStarted()
    {
        var url = _app.Urls.First();
        BaseAddress = new Uri(url.EndsWith('/') ? url : url + "/");
        Http.BaseAddress = BaseAddress;
        Http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
    }

    /// <summary>Starts the host on fresh loopback ports, trying again if another test took a port first.</summary>
    private static async Task<WebApplication> StartHostAsync(TestSiloOptions options, string dataDirectory, string? schema, VirtualClock? clock)
    {
        for (var attempt = 1; ; attempt++)
        {
            var app = Build(options, dataDirectory, schema, clock);
            try
            {
                await app.StartAsync();
                return app;
            }
            catch (Exception e) when (attempt < 5 && IsPortTaken(e))
            {
                await app.DisposeAsync();
            }
        }
    }

    private static bool IsPortTaken(Exception e)
        => e is SocketException { SocketErrorCode: SocketError.AddressAlreadyInUse } || (e.InnerException is { } inner && IsPortTaken(inner))
            || e.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase);

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static WebApplication Build(TestSiloOptions options, string dataDirectory, string? schema, VirtualClock? clock)
    {
        var settings = new Dictionary<string, string?>
        {
            ["urls"] = "http://127.0.0.1:0",
            ["Silo:DataDirectory"] = dataDirectory,
            ["environment"] = "Test",
            ["Storage:Provider"] = options.Storage,
            ["Telephony:Provider"] = "Simulated",
            ["Orleans:SiloPort"] = FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Orleans:GatewayPort"] = FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["DemoTenant:Enabled"] = options.DemoTenant ? "true" : "false",
            // The tests' webhook and callback receivers listen on loopback; the SSRF tests turn this off.
            ["OutboundRequests:AllowLoopback"] = "true",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Microsoft.Hosting.Lifetime"] = "Warning",
        };
        if (schema is not null)
        {
            settings["Storage:Postgres:ConnectionString"] = Environment.GetEnvironmentVariable("CALLCENTER_TEST_POSTGRES")
                ?? throw new InvalidOperationException("CALLCENTER_TEST_POSTGRES is not set: run the tests through ./scripts/test.sh, which starts PostgreSQL");
            settings["Storage:Postgres:Schema"] = schema;
        }
        foreach (var (key, value) in options.Settings) settings[key] = value;

        var args = settings.Select(s => $"--{s.Key}={s.Value}").ToArray();
        return SiloHost.Build(args,
            builder => options.ConfigureServices?.Invoke(builder.Services),
            silo => silo.AddQuiescenceTracking(new QuiescenceTracker(), clock));
    }
}
