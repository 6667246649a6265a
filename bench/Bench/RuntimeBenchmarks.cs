using System.Diagnostics;
using System.Globalization;
using CallCenter.Runtime;
using CallCenter.Runtime.Core;
using CallCenter.Runtime.Storage;
using CallCenter.Storage.Memory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CallCenter.Bench;

public static partial class BenchCommands
{
    static partial void RegisterRuntime()
        => Register("runtime", "grain calls/s over 64 activations vs a bare Channels request/reply baseline", RuntimeBenchmarks.Run);
}

/// <summary>
/// <c>bench runtime [--seconds 2] [--rounds 5] [--activations 64] [--callers-per-activation 4] [--state memory] [--serialize] [--only proxy|handwritten|baseline]</c>
/// <para>
/// One run measures, with the same shape of concurrency (N activations, each called by M sequential callers):
/// grain calls through DispatchProxy references (the shipped path), through a hand-written reference (what a source
/// generator would emit), and a bare System.Threading.Channels request/reply ping-pong as the floor. It prints the calls/s
/// of each and the ratio runtime/baseline. <c>--state NAME</c> adds calls that write grain state on the storage
/// <see cref="RuntimeBenchmarks.Storages"/> names.
/// </para>
/// </summary>
internal static class RuntimeBenchmarks
{
    private const double TargetCallsPerSecond = 500_000;
    private const double TargetRatio = 0.6;

    /// <summary>
    /// Storages the state-write variant can run on. The SQLite and PostgreSQL providers plug in here: each factory
    /// makes a fresh, empty store (disposed after the run if it is disposable).
    /// </summary>
    public static Dictionary<string, Func<Task<IGrainStorage>>> Storages { get; } = new(StringComparer.OrdinalIgnoreCase)
    {
        ["memory"] = () => Task.FromResult<IGrainStorage>(new MemoryGrainStorage()),
        // A fresh file with the embedded run's durability settings (WAL, synchronous=FULL, group commit).
        ["sqlite"] = () => Task.FromResult<IGrainStorage>(new CallCenter.Storage.Sqlite.SqliteGrainStorage(new CallCenter.Storage.Sqlite.SqliteDatabase(
            new CallCenter.Storage.Sqlite.SqliteStorageOptions { ConnectionString = $"Data Source={Path.Combine(Directory.CreateTempSubdirectory("callcenter-bench-").FullName, "state.db")}" }))),
        // The server named by CALLCENTER_BENCH_POSTGRES (e.g. from scripts/postgres.sh start DIR), in a fresh schema.
        ["postgres"] = () => Task.FromResult<IGrainStorage>(new CallCenter.Storage.Postgres.PostgresGrainStorage(new CallCenter.Storage.Postgres.PostgresDatabase(
            new CallCenter.Storage.Postgres.PostgresStorageOptions
            {
                ConnectionString = Environment.GetEnvironmentVariable("CALLCENTER_BENCH_POSTGRES")
                    ?? throw new InvalidOperationException("set CALLCENTER_BENCH_POSTGRES to a PostgreSQL connection string (scripts/postgres.sh start DIR prints one)"),
                Schema = "bench_" + Guid.NewGuid().ToString("N")[..12],
            }))),
    };

    public static int Run(string[] args)
    {
        var settings = Settings.Parse(args);
        if (settings is null)
        {
            Console.Error.WriteLine("usage: bench runtime [--seconds 2] [--rounds 5] [--activations 64] [--callers-per-activation 4] [--state memory] [--serialize] [--only proxy|handwritten|baseline]");
            return 2;
        }
        return RunAsync(settings).GetAwaiter().GetResult();
    }

    private static async Task<int> RunAsync(Settings settings)
    {
        var duration = TimeSpan.FromSeconds(settings.Seconds);
        var callers = settings.Activations * settings.CallersPerActivation;
        if (settings.Only is { } only)
        {
            // For profiling one path at a time; calls per CPU-second compares builds fairly on a busy machine.
            var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            var perSecond = only switch
            {
                "proxy" => await MeasureGrainsAsync(settings, duration, handWritten: false),
                "handwritten" => await MeasureGrainsAsync(settings, duration, handWritten: true),
                _ => await MeasureAsync(() => RuntimeChannelBaseline.RunAsync(settings.Activations, settings.CallersPerActivation, duration)),
            };
            var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
            Print(only, perSecond, string.Create(CultureInfo.InvariantCulture, $"per second, {perSecond * settings.Seconds / cpu.TotalSeconds:N0} per CPU-second"));
            return 0;
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"runtime: {settings.Activations} activations x {settings.CallersPerActivation} callers = {callers} concurrent calls, {settings.Rounds} rounds of {settings.Seconds} s per path, {Environment.ProcessorCount} cores, no persistence, SerializeCalls {(settings.SerializeCalls ? "on" : "off")}"));

        // Warm up every path once (JIT, tiering, thread pool) before anything is measured.
        await MeasureGrainsAsync(settings, TimeSpan.FromSeconds(1), handWritten: false);
        await MeasureGrainsAsync(settings, TimeSpan.FromSeconds(1), handWritten: true);
        await RuntimeChannelBaseline.RunAsync(settings.Activations, settings.CallersPerActivation, TimeSpan.FromSeconds(1));

        // Rounds interleave the three paths so that a change in machine load hits all of them; medians are reported.
        var dispatchProxyRounds = new List<double>();
        var handWrittenRounds = new List<double>();
        var baselineRounds = new List<double>();
        for (var round = 0; round < settings.Rounds; round++)
        {
            dispatchProxyRounds.Add(await MeasureGrainsAsync(settings, duration, handWritten: false));
            handWrittenRounds.Add(await MeasureGrainsAsync(settings, duration, handWritten: true));
            baselineRounds.Add(await MeasureAsync(() => RuntimeChannelBaseline.RunAsync(settings.Activations, settings.CallersPerActivation, duration)));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  round {round + 1}: DispatchProxy {dispatchProxyRounds[^1],12:N0}  hand-written {handWrittenRounds[^1],12:N0}  baseline {baselineRounds[^1],12:N0}  ratio {dispatchProxyRounds[^1] / baselineRounds[^1]:0.00}"));
        }
        var dispatchProxy = Median(dispatchProxyRounds);
        var handWritten = Median(handWrittenRounds);
        var baseline = Median(baselineRounds);

        var ratio = dispatchProxy / baseline;
        Console.WriteLine($"  medians of {settings.Rounds} rounds:");
        Print("grain calls, DispatchProxy reference", dispatchProxy, "calls/s");
        Print("grain calls, hand-written reference", handWritten, "calls/s   (what generated code would do)");
        Print("Channels request/reply baseline", baseline, "round trips/s");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {"ratio runtime / baseline",-40} {ratio,12:0.00}   (target >= {TargetRatio:0.0})"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {"DispatchProxy / hand-written",-40} {dispatchProxy / handWritten,12:0.00}"));
        var met = dispatchProxy >= TargetCallsPerSecond && ratio >= TargetRatio;
        if (!settings.SerializeCalls) // the targets are for the production configuration
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  targets (>= {TargetCallsPerSecond:N0} calls/s, ratio >= {TargetRatio:0.0}): {(met ? "met" : "NOT met")}"));
        }

        foreach (var storage in settings.States)
        {
            if (!Storages.TryGetValue(storage, out var factory))
            {
                Console.Error.WriteLine($"unknown storage '{storage}'; known: {string.Join(", ", Storages.Keys)}");
                return 2;
            }
            var withState = await MeasureStateWritesAsync(settings, factory, duration);
            Print($"grain calls with a state write ({storage})", withState, "calls/s");
        }
        return 0;
    }

    private static async Task<double> MeasureGrainsAsync(Settings settings, TimeSpan duration, bool handWritten)
    {
        using var host = BuildHost(new MemoryGrainStorage(), settings.SerializeCalls);
        await host.StartAsync();
        try
        {
            var factory = host.Services.GetRequiredService<IGrainFactory>();
            var runtime = host.Services.GetRequiredService<GrainRuntime>();
            var grains = Enumerable.Range(0, settings.Activations)
                .Select(i => handWritten
                    ? new RuntimeHandWrittenProxy(new GrainId(nameof(RuntimeBenchGrain), $"bench:{i}"), runtime.Transport)
                    : factory.GetGrain<IRuntimeBenchGrain>($"bench:{i}"))
                .ToArray();
            await Task.WhenAll(grains.Select(g => g.Ping(0))); // activate before the clock starts
            return await MeasureAsync(() => CallAsync(grains, settings.CallersPerActivation, duration, static (grain, i) => grain.Ping(i)));
        }
        finally
        {
            await host.StopAsync();
        }
    }

    private static async Task<double> MeasureStateWritesAsync(Settings settings, Func<Task<IGrainStorage>> storageFactory, TimeSpan duration)
    {
        var storage = await storageFactory();
        try
        {
            using var host = BuildHost(storage, settings.SerializeCalls);
            await host.StartAsync();
            var factory = host.Services.GetRequiredService<IGrainFactory>();
            var grains = Enumerable.Range(0, settings.Activations).Select(i => factory.GetGrain<IRuntimeBenchStateGrain>($"bench:{i}")).ToArray();
            await Task.WhenAll(grains.Select(g => g.IncrementAndWrite()));
            var result = await MeasureAsync(() => CallAsync(grains, settings.CallersPerActivation, duration, static (grain, _) => grain.IncrementAndWrite()));
            await host.StopAsync();
            return result;
        }
        finally
        {
            switch (storage)
            {
                case IAsyncDisposable asyncDisposable: await asyncDisposable.DisposeAsync(); break;
                case IDisposable disposable: disposable.Dispose(); break;
            }
        }
    }

    private static IHost BuildHost(IGrainStorage storage, bool serializeCalls)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddGrainRuntime(options => options.SerializeCalls = serializeCalls, typeof(RuntimeBenchGrain).Assembly);
        builder.Services.AddKeyedSingleton("Default", storage);
        return builder.Build();
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
        => Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {what,-40} {perSecond,12:N0} {unit}"));

    private sealed record Settings(
        int Seconds, int Rounds, int Activations, int CallersPerActivation, IReadOnlyList<string> States, string? Only = null, bool SerializeCalls = false)
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
                    case "--only" when value is "proxy" or "handwritten" or "baseline": settings = settings with { Only = value }; i++; break;
                    case "--serialize": settings = settings with { SerializeCalls = true }; break;
                    case "--state" when value is not null: settings = settings with { States = [.. settings.States, value] }; i++; break;
                    default: return null;
                }
            }
            return settings;
        }
    }
}
