using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using CallCenter.Storage.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Hosting;

namespace CallCenter.Bench;

public static partial class BenchCommands
{
    static partial void RegisterRuntime()
        => Register("runtime", "Orleans grain calls/s over 64 activations vs a bare Channels request/reply baseline", RuntimeBenchmarks.Run);
}

/// <summary>
/// <c>bench runtime [--seconds 2] [--rounds 5] [--activations 64] [--callers-per-activation 4] [--state memory|sqlite|postgres|postgres-adonet]... [--only client|grain|copied|baseline]</c>
/// <para>
/// One Orleans silo (localhost clustering, the project's storage), and with the same shape of concurrency (N activations,
/// each called by M sequential callers): grain calls from the co-hosted client (what the edge does), grain calls from
/// grains (what the domain does), both with an <c>[Immutable]</c> record argument, the grain → grain calls again with
/// the same record without <c>[Immutable]</c> (deep-copied on every call), and a bare System.Threading.Channels
/// request/reply ping-pong as the floor. Rounds interleave every path; medians are printed with the ratio to the
/// baseline. <c>--state NAME</c> adds calls that each write the grain's state on that storage, each round followed by a
/// baseline round (PostgreSQL from <c>CALLCENTER_BENCH_POSTGRES</c>).
/// </para>
/// </summary>
internal static class RuntimeBenchmarks
{
    private const double TargetCallsPerSecond = 500_000;

    public static int Run(string[] args)
    {
        var settings = Settings.Parse(args);
        if (settings is null)
        {
            Console.Error.WriteLine("usage: bench runtime [--seconds 2] [--rounds 5] [--activations 64] [--callers-per-activation 4] [--state memory|sqlite|postgres|postgres-adonet]... [--only client|grain|copied|baseline]");
            return 2;
        }
        return RunAsync(settings).GetAwaiter().GetResult();
    }

    private static async Task<int> RunAsync(Settings settings)
    {
        var duration = TimeSpan.FromSeconds(settings.Seconds);
        var callers = settings.Activations * settings.CallersPerActivation;
        if (settings.MinThreads > 0)
        {
            ThreadPool.GetMinThreads(out _, out var io);
            ThreadPool.SetMinThreads(settings.MinThreads, io);
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"runtime: Orleans 10.4.2, {settings.Activations} activations x {settings.CallersPerActivation} callers = {callers} concurrent calls, {settings.Rounds} rounds of {settings.Seconds} s per path, {Environment.ProcessorCount} cores, load {DialerThroughputBenchmark.LoadAverage()}"));

        if (settings.States.Count == 0 || settings.Only is not null)
        {
            var host = await StartSiloAsync(new Dictionary<string, string?> { ["Storage:Provider"] = "Memory" });
            try
            {
                var grains = host.Services.GetRequiredService<IGrainFactory>();
                var paths = new (string Name, string Key, Func<TimeSpan, Task<double>> Measure)[]
                {
                    ("client → grain, [Immutable] argument", "client", d => MeasureClientCallsAsync(grains, settings, d)),
                    ("grain → grain, [Immutable] argument", "grain", d => MeasureGrainCallsAsync(grains, settings, d, copied: false)),
                    ("grain → grain, copied argument", "copied", d => MeasureGrainCallsAsync(grains, settings, d, copied: true)),
                    ("Channels request/reply baseline", "baseline", d => MeasureAsync(() => RuntimeChannelBaseline.RunAsync(settings.Activations, settings.CallersPerActivation, d))),
                };
                if (settings.Only is { } only)
                {
                    // For profiling one path at a time; calls per CPU-second compares builds fairly on a busy machine.
                    var path = paths.Single(p => p.Key == only);
                    await path.Measure(TimeSpan.FromSeconds(1));
                    var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
                    var perSecond = await path.Measure(duration);
                    var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
                    Print(path.Name, perSecond, string.Create(CultureInfo.InvariantCulture, $"per second, {perSecond * settings.Seconds / cpu.TotalSeconds:N0} per CPU-second"));
                    return 0;
                }

                // Warm up every path (JIT, tiering, thread pool, activations) before anything is measured: Orleans has much
                // more code to tier up than a channel, and on a loaded machine 1 s was not enough.
                foreach (var path in paths) await path.Measure(TimeSpan.FromSeconds(3));
                var rounds = paths.Select(_ => new List<double>()).ToArray();
                for (var round = 0; round < settings.Rounds; round++)
                {
                    for (var p = 0; p < paths.Length; p++) rounds[p].Add(await paths[p].Measure(duration));
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"  round {round + 1}: client→grain {rounds[0][^1],11:N0}  grain→grain {rounds[1][^1],11:N0}  copied {rounds[2][^1],11:N0}  baseline {rounds[3][^1],11:N0}  ratio {rounds[0][^1] / rounds[3][^1]:0.00} / {rounds[1][^1] / rounds[3][^1]:0.00}  load {DialerThroughputBenchmark.LoadAverage()}"));
                }
                var medians = rounds.Select(Median).ToArray();
                var baseline = medians[3];
                Console.WriteLine($"  medians of {settings.Rounds} rounds:");
                for (var p = 0; p < paths.Length; p++)
                    Print(paths[p].Name, medians[p], string.Create(CultureInfo.InvariantCulture, $"calls/s   {medians[p] / baseline:0.00} of the baseline (per-round ratios {string.Join(" ", rounds[p].Zip(rounds[3], (a, b) => (a / b).ToString("0.00", CultureInfo.InvariantCulture)))})"));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  target >= {TargetCallsPerSecond:N0} local grain calls/s: {(Math.Min(medians[0], medians[1]) >= TargetCallsPerSecond ? "met" : "NOT met")}"));
            }
            finally
            {
                await host.StopAsync();
                host.Dispose();
            }
        }

        foreach (var storage in settings.States)
        {
            var withState = new List<double>();
            var baselines = new List<double>();
            var (config, cleanup) = StorageSettings(storage);
            var host = await StartSiloAsync(config);
            try
            {
                var grains = host.Services.GetRequiredService<IGrainFactory>();
                var run = Guid.NewGuid().ToString("N")[..8];
                var targets = Enumerable.Range(0, settings.Activations).Select(i => grains.GetGrain<IRuntimeBenchStateGrain>($"bench:{run}:{i}")).ToArray();
                await Task.WhenAll(targets.Select(g => g.IncrementAndWrite()));
                await MeasureAsync(() => CallAsync(targets, settings.CallersPerActivation, TimeSpan.FromSeconds(5), static (grain, _) => grain.IncrementAndWrite()));
                for (var round = 0; round < settings.Rounds; round++)
                {
                    withState.Add(await MeasureAsync(() => CallAsync(targets, settings.CallersPerActivation, duration, static (grain, _) => grain.IncrementAndWrite())));
                    baselines.Add(await MeasureAsync(() => RuntimeChannelBaseline.RunAsync(settings.Activations, settings.CallersPerActivation, duration)));
                }
            }
            finally
            {
                await host.StopAsync();
                host.Dispose();
                await cleanup();
            }
            Print($"calls with a state write ({storage})", Median(withState), string.Create(CultureInfo.InvariantCulture,
                $"calls/s   baseline {Median(baselines):N0}, ratio {Median(withState) / Median(baselines):0.0000}, rounds {string.Join(" ", withState.Select(w => w.ToString("N0", CultureInfo.InvariantCulture)))}, load {DialerThroughputBenchmark.LoadAverage()}"));
        }
        return 0;
    }

    private static (Dictionary<string, string?> Settings, Func<Task> Cleanup) StorageSettings(string storage)
    {
        switch (storage)
        {
            case "memory":
                return (new() { ["Storage:Provider"] = "Memory" }, () => Task.CompletedTask);
            case "sqlite":
            {
                // A fresh file with the embedded run's durability settings (WAL, synchronous=FULL, group commit).
                var directory = Directory.CreateTempSubdirectory("callcenter-bench-").FullName;
                return (new() { ["Storage:Provider"] = "Sqlite", ["Storage:Sqlite:ConnectionString"] = $"Data Source={Path.Combine(directory, "state.db")}" }, () =>
                {
                    Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                    Directory.Delete(directory, recursive: true);
                    return Task.CompletedTask;
                });
            }
            case "postgres" or "postgres-adonet":
            {
                // The server named by CALLCENTER_BENCH_POSTGRES (e.g. from scripts/postgres.sh start DIR), in a fresh schema.
                var connectionString = Environment.GetEnvironmentVariable("CALLCENTER_BENCH_POSTGRES")
                    ?? throw new InvalidOperationException("set CALLCENTER_BENCH_POSTGRES to a PostgreSQL connection string (scripts/postgres.sh start DIR prints one)");
                var schema = "bench_" + Guid.NewGuid().ToString("N")[..12];
                return (new()
                {
                    ["Storage:Provider"] = "Postgres",
                    ["Storage:Postgres:ConnectionString"] = connectionString,
                    ["Storage:Postgres:Schema"] = schema,
                    ["Storage:Postgres:GrainStorage"] = storage == "postgres" ? "Project" : "AdoNet",
                }, async () =>
                {
                    await using var connection = new Npgsql.NpgsqlConnection(connectionString);
                    await connection.OpenAsync();
                    await using var drop = new Npgsql.NpgsqlCommand($"DROP SCHEMA IF EXISTS \"{schema}\" CASCADE", connection);
                    await drop.ExecuteNonQueryAsync();
                    Npgsql.NpgsqlConnection.ClearAllPools();
                });
            }
            default:
                throw new ArgumentException($"unknown storage '{storage}'; known: memory, sqlite, postgres, postgres-adonet");
        }
    }

    /// <summary>A bare silo: this assembly's grains, the project's storage as <paramref name="settings"/> say.</summary>
    internal static async Task<IHost> StartSiloAsync(Dictionary<string, string?> settings, Action<ISiloBuilder>? configure = null)
    {
        for (var attempt = 1; ; attempt++)
        {
            var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, EnvironmentName = "Bench" });
            builder.Configuration.AddInMemoryCollection(settings);
            builder.Logging.ClearProviders().SetMinimumLevel(BenchLogLevel).AddSimpleConsole();
            builder.UseOrleans(silo =>
            {
                silo.UseLocalhostClustering(FreePort(), FreePort());
                silo.AddCallCenterStorage(builder.Configuration.GetSection("Storage"));
                configure?.Invoke(silo);
            });
            var host = builder.Build();
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

    /// <summary>Errors only, unless CALLCENTER_BENCH_LOG names a level (Warning, Information, ...).</summary>
    internal static LogLevel BenchLogLevel => Enum.TryParse<LogLevel>(Environment.GetEnvironmentVariable("CALLCENTER_BENCH_LOG"), ignoreCase: true, out var level) ? level : LogLevel.Error;

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static Task<double> MeasureClientCallsAsync(IGrainFactory grains, Settings settings, TimeSpan duration)
    {
        var targets = Enumerable.Range(0, settings.Activations).Select(i => grains.GetGrain<IRuntimeBenchGrain>($"bench:{i}")).ToArray();
        return MeasureAsync(() => CallAsync(targets, settings.CallersPerActivation, duration, static (grain, i) => grain.Ping(new PingArgs(i, "client"))));
    }

    /// <summary>Activations × callers caller grains, each calling its target (activation i/M) in a loop.</summary>
    private static Task<double> MeasureGrainCallsAsync(IGrainFactory grains, Settings settings, TimeSpan duration, bool copied)
    {
        var callers = Enumerable.Range(0, settings.Activations * settings.CallersPerActivation)
            .Select(c => (Caller: grains.GetGrain<IRuntimeBenchCallerGrain>($"caller:{c}"), Target: $"bench:{c / settings.CallersPerActivation}"))
            .ToArray();
        return MeasureAsync(async () => (await Task.WhenAll(callers.Select(c => c.Caller.CallFor(c.Target, duration, copied)))).Sum());
    }

    private static async Task<long> CallAsync<TGrain, TResult>(TGrain[] grains, int callersPerGrain, TimeSpan duration, Func<TGrain, int, Task<TResult>> call)
    {
        using var stop = new CancellationTokenSource(duration);
        var callers = new List<Task<long>>();
        foreach (var grain in grains)
        {
            for (var c = 0; c < callersPerGrain; c++)
            {
                callers.Add(Task.Run(async () =>
                {
                    long calls = 0;
                    while (!stop.IsCancellationRequested)
                    {
                        await call(grain, (int)calls).ConfigureAwait(false);
                        calls++;
                    }
                    return calls;
                }));
            }
        }
        return (await Task.WhenAll(callers)).Sum();
    }

    /// <returns>Completed calls per second of wall time, from the first call to the last reply.</returns>
    private static async Task<double> MeasureAsync(Func<Task<long>> run)
    {
        var started = Stopwatch.GetTimestamp();
        var calls = await run();
        return calls / Stopwatch.GetElapsedTime(started).TotalSeconds;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static void Print(string what, double perSecond, string unit)
        => Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {what,-44} {perSecond,12:N0} {unit}"));

    private sealed record Settings(int Seconds, int Rounds, int Activations, int CallersPerActivation, IReadOnlyList<string> States, string? Only = null, int MinThreads = 0)
    {
        public static Settings? Parse(string[] args)
        {
            var settings = new Settings(2, 5, 64, 4, []);
            for (var i = 0; i < args.Length; i++)
            {
                var value = i + 1 < args.Length ? args[i + 1] : null;
                switch (args[i])
                {
                    case "--seconds" when int.TryParse(value, out var seconds) && seconds > 0: settings = settings with { Seconds = seconds }; i++; break;
                    case "--rounds" when int.TryParse(value, out var rounds) && rounds > 0: settings = settings with { Rounds = rounds }; i++; break;
                    case "--activations" when int.TryParse(value, out var count) && count > 0: settings = settings with { Activations = count }; i++; break;
                    case "--callers-per-activation" when int.TryParse(value, out var count) && count > 0: settings = settings with { CallersPerActivation = count }; i++; break;
                    case "--min-threads" when int.TryParse(value, out var threads) && threads > 0: settings = settings with { MinThreads = threads }; i++; break;
                    case "--only" when value is "client" or "grain" or "copied" or "baseline": settings = settings with { Only = value }; i++; break;
                    case "--state" when value is "memory" or "sqlite" or "postgres" or "postgres-adonet": settings = settings with { States = [.. settings.States, value] }; i++; break;
                    default: return null;
                }
            }
            return settings;
        }
    }
}
