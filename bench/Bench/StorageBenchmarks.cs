using System.Diagnostics;
using System.Globalization;
using CallCenter.Runtime.Serialization;
using CallCenter.Storage;
using CallCenter.Storage.Hosting;
using CallCenter.Storage.Orleans;
using CallCenter.Storage.Postgres;
using CallCenter.Storage.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Orleans.Serialization;
using Orleans.Storage;

namespace CallCenter.Bench;

public static partial class BenchCommands
{
    static partial void RegisterStorage()
        => Register("storage", "conditional grain-state writes/s on SQLite and PostgreSQL, sequential and concurrent", StorageBenchmarks.Run);
}

/// <summary>
/// <c>bench storage [--seconds 3] [--concurrency 64] [--payload 200] [--providers sqlite,postgres] [--dir DIR]</c>
/// <para>
/// Measures what a grain pays to persist state: the conditional write (ETag in, new ETag out) through the real providers,
/// one writer in a loop ("sequential") and N writers at once each on its own grain ("concurrent"), reporting writes/s and
/// latency percentiles. SQLite is measured in the shipped configuration (WAL, synchronous=FULL, group commit) and in the
/// variants it was chosen over; PostgreSQL uses CALLCENTER_BENCH_POSTGRES or a throwaway server from scripts/postgres.sh.
/// </para>
/// </summary>
internal static class StorageBenchmarks
{
    private const string PostgresVariable = "CALLCENTER_BENCH_POSTGRES";

    public static int Run(string[] args)
    {
        var settings = Settings.Parse(args);
        if (settings is null)
        {
            Console.Error.WriteLine("usage: bench storage [--seconds 3] [--concurrency 64] [--payload 200] [--providers sqlite,postgres] [--dir DIR]");
            return 2;
        }
        Console.WriteLine($"storage: {settings.Seconds} s per run, concurrency {settings.Concurrency}, payload {settings.PayloadBytes} B, {Environment.ProcessorCount} cores");
        Console.WriteLine($"{"provider",-10} {"configuration",-38} {"writers",7} {"writes",9} {"writes/s",10} {"p50 ms",8} {"p99 ms",8}");
        var results = new List<Result>();
        if (settings.Providers.Contains("sqlite")) RunSqlite(settings, results).GetAwaiter().GetResult();
        if (settings.Providers.Contains("postgres")) RunPostgres(settings, results).GetAwaiter().GetResult();
        return results.Count > 0 ? 0 : 1;
    }

    private static async Task RunSqlite(Settings settings, List<Result> results)
    {
        var root = settings.Directory ?? Directory.CreateTempSubdirectory("callcenter-bench-").FullName;
        try
        {
            (string Name, SqliteSynchronousMode Mode, int Batch)[] variants =
            [
                ("WAL, synchronous=FULL, group commit", SqliteSynchronousMode.Full, 256),
                ("WAL, synchronous=FULL, 1 write/commit", SqliteSynchronousMode.Full, 1),
                ("WAL, synchronous=NORMAL, group commit", SqliteSynchronousMode.Normal, 256),
            ];
            foreach (var (name, mode, batch) in variants)
            {
                var file = Path.Combine(root, $"bench-{mode}-{batch}.db");
                await using var database = new SqliteDatabase(new SqliteStorageOptions { ConnectionString = $"Data Source={file}", Synchronous = mode, MaxWriteBatchSize = batch });
                var storage = new SqliteGrainStateStore(database, "bench");
                results.Add(Report("SQLite", name, await MeasureAsync(storage, 1, settings)));
                results.Add(Report("SQLite", name, await MeasureAsync(storage, settings.Concurrency, settings)));
                if (batch > 1 && mode == SqliteSynchronousMode.Full)
                {
                    // What a grain's WriteStateAsync pays on the shipped configuration: Orleans' IGrainStorage (JSON state).
                    var grainStorage = new StateStoreGrainStorage("bench", storage, JsonGrainStateSerializer.Instance);
                    results.Add(Report("SQLite", "Orleans IGrainStorage, JSON (shipped)", await MeasureGrainStorageAsync(grainStorage, 1, settings)));
                    results.Add(Report("SQLite", "Orleans IGrainStorage, JSON (shipped)", await MeasureGrainStorageAsync(grainStorage, settings.Concurrency, settings)));
                }
            }
            // The alternative to the writer queue: every writer on its own pooled connection, SQLite's busy handler
            // deciding who writes next. Not a product code path; kept here to show why the product does not do this.
            var naive = Path.Combine(root, "bench-naive.db");
            using (new SqliteDatabase(new SqliteStorageOptions { ConnectionString = $"Data Source={naive}" })) { } // creates the file in WAL mode
            results.Add(Report("SQLite", "WAL, FULL, connection per writer", await MeasureNaiveSqliteAsync(naive, 1, settings)));
            results.Add(Report("SQLite", "WAL, FULL, connection per writer", await MeasureNaiveSqliteAsync(naive, settings.Concurrency, settings)));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            if (settings.Directory is null) Directory.Delete(root, recursive: true);
        }
    }

    private static async Task RunPostgres(Settings settings, List<Result> results)
    {
        var connectionString = Environment.GetEnvironmentVariable(PostgresVariable);
        string? serverDirectory = null;
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            var script = FindScript("scripts/postgres.sh");
            if (script is null)
            {
                Console.Error.WriteLine($"PostgreSQL skipped: set {PostgresVariable} or run from the repository (scripts/postgres.sh not found).");
                return;
            }
            serverDirectory = Directory.CreateTempSubdirectory("callcenter-bench-pg-").FullName;
            connectionString = RunScript(script, "start", serverDirectory).Trim();
            Console.WriteLine("(PostgreSQL: throwaway server from scripts/postgres.sh, which runs with fsync=off)");
        }
        var schema = "bench_" + Guid.NewGuid().ToString("N")[..8];
        try
        {
            await using var database = new PostgresDatabase(new PostgresStorageOptions { ConnectionString = connectionString, Schema = schema });
            var storage = new PostgresGrainStateStore(database, "bench");
            results.Add(Report("PostgreSQL", "one statement per conditional write", await MeasureAsync(storage, 1, settings)));
            results.Add(Report("PostgreSQL", "one statement per conditional write", await MeasureAsync(storage, settings.Concurrency, settings)));
            // Orleans level: the project's store behind IGrainStorage (Storage:Postgres:GrainStorage = Project) and
            // Orleans' ADO.NET grain storage on the project's schema (= AdoNet), both writing the same JSON state.
            var project = new StateStoreGrainStorage("bench", storage, JsonGrainStateSerializer.Instance);
            results.Add(Report("PostgreSQL", "Orleans IGrainStorage, Project store", await MeasureGrainStorageAsync(project, 1, settings)));
            results.Add(Report("PostgreSQL", "Orleans IGrainStorage, Project store", await MeasureGrainStorageAsync(project, settings.Concurrency, settings)));
            await using (var adoNet = await StartAdoNetGrainStorageAsync(connectionString, schema))
            {
                var grainStorage = adoNet.GetRequiredKeyedService<IGrainStorage>("Default");
                results.Add(Report("PostgreSQL", "Orleans IGrainStorage, ADO.NET provider", await MeasureGrainStorageAsync(grainStorage, 1, settings)));
                results.Add(Report("PostgreSQL", "Orleans IGrainStorage, ADO.NET provider", await MeasureGrainStorageAsync(grainStorage, settings.Concurrency, settings)));
            }
            await using var drop = database.DataSource.CreateCommand($"DROP SCHEMA \"{schema}\" CASCADE");
            await drop.ExecuteNonQueryAsync();
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            if (serverDirectory is not null)
            {
                RunScript(FindScript("scripts/postgres.sh")!, "stop", serverDirectory);
                Directory.Delete(serverDirectory, recursive: true);
            }
        }
    }

    /// <summary>Each writer owns one grain and writes it over and over with the ETag of its previous write, as an
    /// activation does; a write is counted once the provider acknowledged it.</summary>
    private static async Task<Measurement> MeasureAsync(IGrainStateStore storage, int writers, Settings settings)
    {
        var payload = new byte[settings.PayloadBytes];
        Random.Shared.NextBytes(payload);
        var run = Guid.NewGuid().ToString("N")[..8];
        var ids = Enumerable.Range(0, writers).Select(w => new GrainStateId("bench", $"tenant1:{run}:{w}", "state")).ToArray();
        var etags = new string?[writers];
        for (var w = 0; w < writers; w++) etags[w] = await storage.WriteAsync(ids[w], payload, null); // also warms up

        return await TimeAsync(writers, settings, async (writer, latencies, stop) =>
        {
            var etag = etags[writer];
            while (!stop.IsCancellationRequested)
            {
                var started = Stopwatch.GetTimestamp();
                etag = await storage.WriteAsync(ids[writer], payload, etag);
                latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        });
    }

    /// <summary>As <see cref="MeasureAsync"/>, one level up: each writer is one grain's <see cref="IGrainState{T}"/>
    /// written through Orleans' <see cref="IGrainStorage"/> (serialization included), as <c>WriteStateAsync</c> does.</summary>
    private static async Task<Measurement> MeasureGrainStorageAsync(IGrainStorage storage, int writers, Settings settings)
    {
        // A JSON state of about the byte-level rows' payload size.
        var note = new string('x', Math.Max(1, settings.PayloadBytes - 40));
        var run = Guid.NewGuid().ToString("N")[..8];
        var ids = Enumerable.Range(0, writers).Select(w => GrainId.Create("bench", $"tenant1:{run}:{w}")).ToArray();
        var states = Enumerable.Range(0, writers).Select(_ => new GrainState<BenchState>(new BenchState { Note = note })).ToArray();
        for (var w = 0; w < writers; w++) await storage.WriteStateAsync("state", ids[w], states[w]); // also warms up

        return await TimeAsync(writers, settings, async (writer, latencies, stop) =>
        {
            var state = states[writer];
            while (!stop.IsCancellationRequested)
            {
                var started = Stopwatch.GetTimestamp();
                state.State!.Calls++;
                await storage.WriteStateAsync("state", ids[writer], state);
                latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        });
    }

    public sealed class BenchState
    {
        public long Calls { get; set; }

        public string Note { get; set; } = "";
    }

    /// <summary>Orleans' ADO.NET grain storage as the project registers it (<c>Storage:Postgres:GrainStorage = AdoNet</c>),
    /// its silo-lifecycle start-up (schema applied, statements loaded) run without a silo.</summary>
    private static async Task<ServiceProvider> StartAdoNetGrainStorageAsync(string connectionString, string schema)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSerializer();
        services.Configure<Orleans.Configuration.ClusterOptions>(o =>
        {
            o.ServiceId = "callcenter-bench";
            o.ClusterId = "bench";
        });
        services.AddPostgresGrainStorage("Default", o =>
        {
            o.ConnectionString = connectionString;
            o.Schema = schema;
            o.GrainStorage = CallCenter.Storage.Postgres.PostgresGrainStorageKind.AdoNet;
        });
        var provider = services.BuildServiceProvider();
        var lifecycle = new StartOnlyLifecycle();
        foreach (var participant in provider.GetServices<ILifecycleParticipant<ISiloLifecycle>>()) participant.Participate(lifecycle);
        foreach (var stage in lifecycle.Observers.GroupBy(o => o.Stage).OrderBy(g => g.Key))
            await Task.WhenAll(stage.Select(o => o.Observer.OnStart(CancellationToken.None)));
        return provider;
    }

    /// <summary>The part of a silo's lifecycle providers subscribe to; started stage by stage, never stopped.</summary>
    private sealed class StartOnlyLifecycle : ISiloLifecycle
    {
        public List<(int Stage, ILifecycleObserver Observer)> Observers { get; } = [];

        public int HighestCompletedStage => int.MinValue;

        public int LowestStoppedStage => int.MaxValue;

        public IDisposable Subscribe(string observerName, int stage, ILifecycleObserver observer)
        {
            Observers.Add((stage, observer));
            return new Unsubscribe();
        }

        private sealed class Unsubscribe : IDisposable
        {
            public void Dispose() { }
        }
    }

    private static async Task<Measurement> MeasureNaiveSqliteAsync(string file, int writers, Settings settings)
    {
        var payload = new byte[settings.PayloadBytes];
        var connectionString = $"Data Source={file};Default Timeout=30";
        using (var setup = new SqliteConnection(connectionString))
        {
            setup.Open();
            using var create = setup.CreateCommand();
            create.CommandText = "CREATE TABLE IF NOT EXISTS naive (k INTEGER PRIMARY KEY, payload BLOB NOT NULL, etag TEXT NOT NULL);" +
                                 "INSERT OR REPLACE INTO naive SELECT value, x'', 'e0' FROM generate_series(0, 1023)";
            try
            {
                create.ExecuteNonQuery();
            }
            catch (SqliteException)
            {
                // generate_series is an optional extension; fall back to a loop.
                create.CommandText = "CREATE TABLE IF NOT EXISTS naive (k INTEGER PRIMARY KEY, payload BLOB NOT NULL, etag TEXT NOT NULL)";
                create.ExecuteNonQuery();
                for (var k = 0; k < writers; k++)
                {
                    create.CommandText = $"INSERT OR REPLACE INTO naive VALUES ({k}, x'', 'e0')";
                    create.ExecuteNonQuery();
                }
            }
        }
        // Microsoft.Data.Sqlite blocks its thread while SQLite's busy handler sleeps; give every writer a thread of its own
        // so the figure shows lock contention rather than thread-pool starvation.
        ThreadPool.GetMinThreads(out var workers, out var io);
        ThreadPool.SetMinThreads(Math.Max(workers, writers + 4), io);
        return await TimeAsync(writers, settings, (writer, latencies, stop) => Task.Run(() =>
        {
            var etag = "e0";
            while (!stop.IsCancellationRequested)
            {
                var started = Stopwatch.GetTimestamp();
                using var connection = new SqliteConnection(connectionString);
                connection.Open();
                using (var pragmas = connection.CreateCommand())
                {
                    pragmas.CommandText = "PRAGMA busy_timeout = 10000; PRAGMA synchronous = FULL";
                    pragmas.ExecuteNonQuery();
                }
                using var command = connection.CreateCommand();
                command.CommandText = "UPDATE naive SET payload = $p, etag = $new WHERE k = $k AND etag = $old";
                var next = Guid.CreateVersion7().ToString("N");
                command.Parameters.AddWithValue("$p", payload);
                command.Parameters.AddWithValue("$new", next);
                command.Parameters.AddWithValue("$k", writer);
                command.Parameters.AddWithValue("$old", etag);
                if (command.ExecuteNonQuery() != 1) throw new InvalidOperationException("naive write lost its row");
                etag = next;
                latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        }));
    }

    private static async Task<Measurement> TimeAsync(int writers, Settings settings, Func<int, List<double>, CancellationToken, Task> writer)
    {
        using var stop = new CancellationTokenSource();
        var latencies = Enumerable.Range(0, writers).Select(_ => new List<double>(4096)).ToArray();
        var clock = Stopwatch.StartNew();
        stop.CancelAfter(TimeSpan.FromSeconds(settings.Seconds));
        await Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(() => writer(w, latencies[w], stop.Token))));
        var elapsed = clock.Elapsed;
        var all = latencies.SelectMany(l => l).Order().ToArray();
        return new Measurement(writers, all.Length, elapsed, Percentile(all, 0.50), Percentile(all, 0.99));
    }

    private static double Percentile(double[] sorted, double p) => sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)(p * sorted.Length))];

    private static Result Report(string provider, string configuration, Measurement m)
    {
        var result = new Result(provider, configuration, m);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{provider,-10} {configuration,-38} {m.Writers,7} {m.Writes,9} {m.Writes / m.Elapsed.TotalSeconds,10:F0} {m.P50,8:F2} {m.P99,8:F2}"));
        return result;
    }

    private static string? FindScript(string relative)
    {
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, relative);
                if (File.Exists(candidate)) return candidate;
            }
        }
        return null;
    }

    private static string RunScript(string script, string command, string directory)
    {
        using var process = Process.Start(new ProcessStartInfo("bash", [script, command, directory]) { RedirectStandardOutput = true })!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"{script} {command} failed with exit code {process.ExitCode}");
        return output;
    }

    private sealed record Measurement(int Writers, int Writes, TimeSpan Elapsed, double P50, double P99);

    private sealed record Result(string Provider, string Configuration, Measurement Measurement);

    private sealed record Settings(double Seconds, int Concurrency, int PayloadBytes, HashSet<string> Providers, string? Directory)
    {
        public static Settings? Parse(string[] args)
        {
            var settings = new Settings(3, 64, 200, ["sqlite", "postgres"], null);
            for (var i = 0; i < args.Length; i += 2)
            {
                if (i + 1 >= args.Length) return null;
                var value = args[i + 1];
                settings = args[i] switch
                {
                    "--seconds" => settings with { Seconds = double.Parse(value, CultureInfo.InvariantCulture) },
                    "--concurrency" => settings with { Concurrency = int.Parse(value, CultureInfo.InvariantCulture) },
                    "--payload" => settings with { PayloadBytes = int.Parse(value, CultureInfo.InvariantCulture) },
                    "--providers" => settings with { Providers = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(p => p.ToLowerInvariant()).ToHashSet() },
                    "--dir" => settings with { Directory = value },
                    _ => null,
                };
                if (settings is null) return null;
            }
            return settings;
        }
    }
}
