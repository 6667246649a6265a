using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using CallCenter.Dialer;
using CallCenter.Management.Agents;
using CallCenter.Management.CallLogs;
using CallCenter.Management.Events;
using CallCenter.Management.Gateways;
using CallCenter.Storage.CallLogs;
using CallCenter.Storage.Sql;
using CallCenter.Telephony;
using CallCenter.Telephony.Simulated;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Orleans.Storage;

namespace CallCenter.Bench;

/// <summary>
/// <c>bench dialer-throughput [--agents 500] [--warmup 15] [--seconds 15] [--talk-ms 200] [--pacing-ms 100] [--no-recording]
/// [--recording on,off] [--mode progressive|predictive] [--storage sqlite|postgres|postgres-adonet[,...]] [--rounds 1]
/// [--baseline-seconds 3]</c>
/// <para>
/// The control plane on the real clock: an Orleans silo with the grains + durable storage + simulated network (the
/// dialer bench's composition, <see cref="DialerFloor"/>), one task dialling a large list with many auto-answering
/// agents, customers answering at once and talking 0–talk-ms. Reports call log rows written per second over a steady
/// window (one row = one originate → answer → bridge → hang-up → call-log lifecycle), CPU-seconds per lifecycle, and the
/// delay from the customer's LegAnswered (as the switch emits it) to the agent's invite notice reaching an
/// <see cref="IManagementEventObserver"/> subscribed to the tenant's management event hub (what the edge's relay turns
/// into /topic/invite). Baseline after every run, in the same invocation: the simulated network alone doing the same
/// lifecycles (<see cref="TelephonyBenchmarks"/>).
/// </para>
/// <para>
/// Several storages and recording settings run interleaved: <c>--storage postgres,postgres-adonet --rounds 2</c> runs
/// Project, AdoNet, Project, AdoNet, each with its own baseline, and prints one table at the end. <c>postgres</c> is the
/// project's <c>PostgresGrainStateStore</c> (<c>Storage:Postgres:GrainStorage = Project</c>), <c>postgres-adonet</c>
/// Orleans' ADO.NET grain storage on the project's schema; both read <c>CALLCENTER_BENCH_POSTGRES</c>.
/// </para>
/// </summary>
public static partial class BenchCommands
{
    static partial void RegisterDialerThroughput() =>
        Register("dialer-throughput", "control-plane call lifecycles/s and answer→invite latency (real clock, SQLite or PostgreSQL)", DialerThroughputBenchmark.Run);
}

internal static class DialerThroughputBenchmark
{
    private const string PostgresVariable = "CALLCENTER_BENCH_POSTGRES";
    private const string Tenant = "bench", Domain = "bench.local", ProjectCode = "P1", TaskCode = "T1";

    public static int Run(string[] args)
    {
        var recordings = args.Contains("--no-recording")
            ? [false]
            : Text(args, "--recording", "on").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(r => r is "on" or "true").ToArray();
        var storages = Text(args, "--storage", "sqlite").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(x => x.ToLowerInvariant()).ToArray();
        if (Text(args, "--grain-storage", "") is "adonet" or "AdoNet") storages = storages.Select(x => x == "postgres" ? "postgres-adonet" : x).ToArray();
        foreach (var storage in storages)
        {
            if (storage is not ("sqlite" or "postgres" or "postgres-adonet"))
            {
                Console.Error.WriteLine($"--storage {storage}: not one of sqlite, postgres, postgres-adonet");
                return 2;
            }
        }
        var rounds = Int(args, "--rounds", 1);
        var common = new Settings(
            Agents: Int(args, "--agents", 500),
            // Orleans brings much more code to tier up than the old runtime did: under load the JIT was still at work
            // after 5 s (18 % of the samples in a profile), so the window starts later.
            WarmupSeconds: Int(args, "--warmup", 15),
            Seconds: Int(args, "--seconds", 15),
            TalkMs: Int(args, "--talk-ms", 200),
            PacingMs: Int(args, "--pacing-ms", 100),
            Mode: Text(args, "--mode", "progressive"),
            Storage: storages[0],
            BaselineSeconds: Int(args, "--baseline-seconds", 3),
            LaunchPerTurn: Int(args, "--launch-per-turn", 0),
            AgentRefreshMs: Int(args, "--agent-refresh-ms", 0),
            Record: recordings[0],
            CountCalls: args.Contains("--count-calls"));

        var rows = new List<(Settings Settings, Result Result, (double PerSecond, double PerCpuSecond)? Baseline, string Load)>();
        for (var round = 0; round < rounds; round++)
        {
            foreach (var storage in storages)
            {
                foreach (var record in recordings)
                {
                    var settings = common with { Storage = storage, Record = record };
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"dialer-throughput: {settings.Agents} agents, {settings.Mode}, talk 0–{settings.TalkMs} ms, pacing every {settings.PacingMs} ms, storage {settings.Storage}, recording {(settings.Record ? "on" : "off")}, warm-up {settings.WarmupSeconds} s, window {settings.Seconds} s, {Environment.ProcessorCount} cores, load {LoadAverage()}"));
                    var result = RunControlPlaneAsync(settings).GetAwaiter().GetResult();
                    var baseline = RunSimulatorBaseline(settings.BaselineSeconds);
                    Print(result, baseline);
                    rows.Add((settings, result, baseline, result.Load));
                }
            }
        }

        {
            Console.WriteLine();
            Console.WriteLine("| storage | recording | lifecycles/s | answer → invite p50 / p99 / max | CPU-ms per lifecycle | DB server CPU-ms per lifecycle | simulator alone | ratio (wall) | durable writes per lifecycle | KiB allocated per lifecycle | load |");
            Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|---|");
            foreach (var (s, r, b, load) in rows)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {StorageLabel(s.Storage)} | {(s.Record ? "on" : "off")} | {r.PerSecond:N0} | {r.P50:F1} / {r.P99:F1} / {r.Max:F0} ms | {r.CpuPerLifecycleMs:F2} | {(r.ServerCpuSeconds is { } sc ? (sc * 1000 / Math.Max(1, r.Rows)).ToString("F2", CultureInfo.InvariantCulture) : "—")} | {(b is { } bb ? bb.PerSecond.ToString("N0", CultureInfo.InvariantCulture) + " /s" : "—")} | {(b is { } bx ? (r.PerSecond / bx.PerSecond).ToString("P2", CultureInfo.InvariantCulture) : "—")} | {r.WritesPerLifecycle:F2} | {r.KiBPerLifecycle:F0} | {load} |"));
            }
        }
        return 0;
    }

    private static string StorageLabel(string storage) => storage switch
    {
        "postgres" => "PostgreSQL, Project",
        "postgres-adonet" => "PostgreSQL, AdoNet",
        _ => "SQLite",
    };

    private static void Print(Result result, (double PerSecond, double PerCpuSecond)? baseline)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"control plane: {result.PerSecond,10:N0} lifecycles/s ({result.Rows} call log rows in {result.Elapsed:F1} s; {result.Connected} connected, {result.Abandoned} abandoned, {result.Other} other)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"               {result.CpuPerLifecycleMs,10:F3} CPU-ms per lifecycle ({result.CpuSeconds:F1} CPU-s over the window = {result.CpuSeconds / result.Elapsed / Environment.ProcessorCount:P0} of {Environment.ProcessorCount} cores)"));
        if (result.ServerCpuSeconds is { } server)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"               {server * 1000 / Math.Max(1, result.Rows),10:F3} CPU-ms per lifecycle in the PostgreSQL server's processes ({server:F1} CPU-s)"));
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"answer → invite: p50 {result.P50:F1} ms, p99 {result.P99:F1} ms, max {result.Max:F1} ms ({result.Samples} invites)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"durable writes per lifecycle: {result.WritesPerLifecycle:F2} (call log row 1.00; {result.WriteBreakdown})"));
        if (baseline is { } b)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"baseline (simulated network alone, same lifecycles): {b.PerSecond,10:N0} lifecycles/s, {1000.0 / b.PerCpuSecond:F4} CPU-ms per lifecycle"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"ratio control plane / simulator: {result.PerSecond / b.PerSecond:P2} per wall second, {(result.Rows / result.CpuSeconds) / b.PerCpuSecond:P2} per CPU-second"));
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"target ≥ 2,000 lifecycles/s and p99 < 50 ms: {(result.PerSecond >= 2000 && result.P99 < 50 ? "met" : "NOT met")}"));
    }

    private sealed record Settings(int Agents, int WarmupSeconds, int Seconds, int TalkMs, int PacingMs, string Mode, string Storage, int BaselineSeconds, int LaunchPerTurn, int AgentRefreshMs, bool Record, bool CountCalls = false);

    private sealed record Result(long Rows, long Connected, long Abandoned, long Other, double Elapsed, double CpuSeconds, double? ServerCpuSeconds, int Samples,
        double P50, double P99, double Max, double WritesPerLifecycle, string WriteBreakdown, string Load, double KiBPerLifecycle)
    {
        public double PerSecond => Rows / Elapsed;
        public double CpuPerLifecycleMs => Rows == 0 ? double.NaN : CpuSeconds * 1000 / Rows;
    }

    private static async Task<Result> RunControlPlaneAsync(Settings s)
    {
        var dataDirectory = Directory.CreateTempSubdirectory("callcenter-thru-").FullName;
        var config = new Dictionary<string, string?>
        {
            ["Security:SecretKey"] = Convert.ToBase64String(new byte[32]),
            ["Telephony:Simulated:Seed"] = "7",
            ["Recording:LocalFolder:Root"] = Path.Combine(dataDirectory, "blobs"),
            ["Dialer:PacingInterval"] = TimeSpan.FromMilliseconds(s.PacingMs).ToString("c", CultureInfo.InvariantCulture),
            ["Dialer:DailyLimitPerNumber"] = "10",
            ["Dialer:RecordCalls"] = s.Record ? "true" : "false",
        };
        if (s.LaunchPerTurn > 0) config["Dialer:MaxLaunchPerTurn"] = s.LaunchPerTurn.ToString(CultureInfo.InvariantCulture);
        if (s.AgentRefreshMs > 0) config["Dialer:AgentRefreshInterval"] = TimeSpan.FromMilliseconds(s.AgentRefreshMs).ToString("c", CultureInfo.InvariantCulture);
        string? postgres = null, schema = null;
        if (s.Storage.StartsWith("postgres", StringComparison.Ordinal))
        {
            postgres = Environment.GetEnvironmentVariable(PostgresVariable)
                ?? throw new InvalidOperationException($"--storage {s.Storage} needs {PostgresVariable} (scripts/postgres.sh start DIR prints one)");
            schema = "thru_" + Guid.NewGuid().ToString("N")[..8];
            config["Storage:Provider"] = "Postgres";
            config["Storage:Postgres:ConnectionString"] = postgres;
            config["Storage:Postgres:Schema"] = schema;
            config["Storage:Postgres:GrainStorage"] = s.Storage == "postgres-adonet" ? "AdoNet" : "Project";
        }
        else
        {
            config["Storage:Provider"] = "Sqlite";
            config["Storage:Sqlite:ConnectionString"] = $"Data Source={Path.Combine(dataDirectory, "callcenter.db")}";
        }

        var counter = new RowCounter();
        var writes = new DurableWriteCounter();
        var calls = s.CountCalls ? new GrainCallCounter() : null;
        var host = await DialerFloor.StartAsync(config, TimeProvider.System, tracker: null, configureSilo: calls is null ? null : silo => silo.AddIncomingGrainCallFilter(calls), configureServices: services =>
        {
            // The real SQL store, wrapped to count rows as they become durable.
            services.AddSingleton<ICallLogStore>(sp => new CountingCallLogStore(
                new SqlCallLogStore(sp.GetRequiredKeyedService<ISqlDatabase>("Default"), TimeProvider.System), counter));
            writes.Decorate(services);
        }, minimumLogLevel: LogLevel.Critical);
        try
        {
            var grains = host.Services.GetRequiredService<IGrainFactory>();
            var network = host.Services.GetRequiredService<ISimulatedNetwork>();
            var telephony = host.Services.GetRequiredService<ISwitch>();
            var cluster = host.Services.GetRequiredService<IClusterClient>();
            var management = grains.GetGrain<IManagementGrain>(0);

            await DialerFloor.ProvisionIdleAgentsAsync(host.Services, Tenant, Domain, ProjectCode, s.Agents, settle: null);
            var gw = await grains.GetGrain<IGatewayDirectoryGrain>(IGatewayDirectoryGrain.KeyFor(Tenant)).AddAsync(new GatewaySettings("bench", 2, "carrier", 1, 0), "G1");
            network.SetProfile("customers", new PstnProfile
            {
                AnswerProbability = 1,
                BusyProbability = 0,
                UnallocatedRate = 0,
                RingTime = DurationDistribution.Zero,
                TalkTime = s.TalkMs <= 0 ? DurationDistribution.Zero : DurationDistribution.Uniform(TimeSpan.Zero, TimeSpan.FromMilliseconds(s.TalkMs)),
                Patience = DurationDistribution.Never,
            });
            network.AssignGatewayProfile(gw.Value!.SwitchName, "customers");
            // Enough numbers that the list never runs out: the target rate for the whole run, three times over.
            var numbers = Math.Max(100_000, 3 * 2_500 * (s.WarmupSeconds + s.Seconds + 5));
            var list = grains.GetGrain<ICallListGrain>(DialerKeys.CallList(Tenant, "L1"));
            for (var from = 0; from < numbers; from += 50_000)
                await list.AppendAsync(Enumerable.Range(from, Math.Min(50_000, numbers - from)).Select(i => $"139{i:00000000}").ToList());

            // Answer → invite: the switch's LegAnswered of the customer leg, and the invite notice as an edge's observer
            // hears it from the tenant's management event hub.
            var answeredAt = new ConcurrentDictionary<string, long>(StringComparer.Ordinal);
            var latencies = new ConcurrentQueue<double>();
            var measuring = 0;
            using var switchSubscription = telephony.Subscribe(e =>
            {
                if (e is LegAnswered && e.Variables.TryGetValue(ChannelVariables.Role, out var role) && role == "customer"
                    && e.Variables.TryGetValue(ChannelVariables.Call, out var callId))
                    answeredAt[callId] = Stopwatch.GetTimestamp();
                return ValueTask.CompletedTask;
            });
            var observer = new InviteObserver(e =>
            {
                if (e is AgentCallNotice { Phase: AgentCallPhase.Connected } notice && answeredAt.TryRemove(notice.CallId, out var at) && Volatile.Read(ref measuring) == 1)
                    latencies.Enqueue(Stopwatch.GetElapsedTime(at).TotalMilliseconds);
                else if (e is AgentCallNotice { Phase: AgentCallPhase.Ended } ended)
                    answeredAt.TryRemove(ended.CallId, out long _);
            });
            var reference = cluster.CreateObjectReference<IManagementEventObserver>(observer);
            var hub = grains.GetGrain<IManagementEventHubGrain>(ManagementEventHubs.KeyFor(Tenant));
            await hub.SubscribeAsync(reference);

            var task = grains.GetGrain<IDialTaskGrain>(DialerKeys.Task(Tenant, TaskCode));
            var mode = s.Mode.ToLowerInvariant() switch
            {
                "predictive" => PacingMode.Predictive,
                "fixed" or "fixedratio" => PacingMode.FixedRatio,
                _ => PacingMode.Progressive,
            };
            var submitted = await task.SubmitAsync(new CallTaskDefinition(TaskCode, ProjectCode, ScheduleType.ConnectAgent, TaskCallType.Predictive,
                [new TaskGateway("G1", 100_000)], 1, DateTimeOffset.UtcNow.AddDays(1), "L1", Pacing: mode, WrapUpSeconds: 0, DailyLimit: 10));
            if (!submitted.Ok) throw new InvalidOperationException(submitted.Error + " " + submitted.Detail);
            await task.StartAsync();

            await Task.Delay(TimeSpan.FromSeconds(s.WarmupSeconds));
            var load = LoadAverage();
            var process = Process.GetCurrentProcess();
            var server = postgres is null ? null : PostgresServerCpu.For(postgres);
            var (rows0, connected0, abandoned0) = counter.Snapshot();
            var writes0 = writes.Snapshot();
            var calls0 = calls?.Snapshot();
            process.Refresh();
            var cpu0 = process.TotalProcessorTime;
            var serverCpu0 = server?.Snapshot();
            var allocated0 = GC.GetTotalAllocatedBytes(precise: false);
            var pause0 = GC.GetTotalPauseDuration();
            var gen0 = GC.CollectionCount(0);
            var gen2 = GC.CollectionCount(2);
            var clock = Stopwatch.StartNew();
            Volatile.Write(ref measuring, 1);
            for (var second = 1; second <= s.Seconds; second++)
            {
                var (before, _, _) = counter.Snapshot();
                await Task.Delay(1000);
                var (after, _, _) = counter.Snapshot();
                var activations = await management.GetTotalActivationCount();
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  t+{second,3} s: {after - before,6} rows/s, {activations,8} activations"));
            }
            Volatile.Write(ref measuring, 0);
            var elapsed = clock.Elapsed.TotalSeconds;
            var allocated = GC.GetTotalAllocatedBytes(precise: false) - allocated0;
            var pause = (GC.GetTotalPauseDuration() - pause0).TotalSeconds;
            var gcs = (Gen0: GC.CollectionCount(0) - gen0, Gen2: GC.CollectionCount(2) - gen2);
            process.Refresh();
            var cpuSeconds = (process.TotalProcessorTime - cpu0).TotalSeconds;
            double? serverCpuSeconds = server is null ? null : server.Snapshot().Since(serverCpu0!);
            var (rows1, connected1, abandoned1) = counter.Snapshot();
            var writes1 = writes.Snapshot();
            var lifecycles = Math.Max(1, rows1 - rows0);
            var perKind = writes1.Select(kv => (kv.Key, Count: kv.Value - (writes0.TryGetValue(kv.Key, out var w0) ? w0 : 0))).Where(x => x.Count > 0).OrderByDescending(x => x.Count).ToList();
            var breakdown = string.Join(", ", perKind.Select(x => string.Create(CultureInfo.InvariantCulture, $"{x.Key} {x.Count / (double)lifecycles:F2}")));
            var writesPerLifecycle = (perKind.Sum(x => x.Count) + (rows1 - rows0)) / (double)lifecycles;
            if (calls is not null)
            {
                var perCall = calls.Snapshot().Select(kv => (kv.Key, Count: kv.Value - calls0!.GetValueOrDefault(kv.Key))).Where(x => x.Count > 0).OrderByDescending(x => x.Count).ToList();
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"grain calls per lifecycle: {perCall.Sum(x => x.Count) / (double)lifecycles:F2}"));
                foreach (var (key, count) in perCall.Take(40))
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {count / (double)lifecycles,7:F2}  {key}"));
            }

            await task.EndAsync();
            await hub.UnsubscribeAsync(reference);
            cluster.DeleteObjectReference<IManagementEventObserver>(reference);
            GC.KeepAlive(observer);
            var sorted = latencies.ToArray();
            Array.Sort(sorted);
            double Percentile(double p) => sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
            var rows = rows1 - rows0;
            var connected = connected1 - connected0;
            var abandoned = abandoned1 - abandoned0;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"GC over the window: {allocated / (double)lifecycles / 1024:F1} KiB allocated per lifecycle, {gcs.Gen0} gen0 / {gcs.Gen2} gen2 collections, paused {pause:F2} s ({pause / elapsed:P1} of the window)"));
            return new Result(rows, connected, abandoned, rows - connected - abandoned, elapsed, cpuSeconds, serverCpuSeconds, sorted.Length,
                Percentile(0.50), Percentile(0.99), sorted.Length == 0 ? double.NaN : sorted[^1], writesPerLifecycle, breakdown, load, allocated / (double)lifecycles / 1024);
        }
        finally
        {
            try
            {
                using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
                await host.StopAsync(stop.Token);
            }
            catch (Exception e)
            {
                Console.Error.WriteLine($"(shutdown: {e.GetType().Name}: {e.Message})");
            }
            host.Dispose();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            if (postgres is not null && schema is not null) await DropSchemaAsync(postgres, schema);
            try { Directory.Delete(dataDirectory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    private static async Task DropSchemaAsync(string connectionString, string schema)
    {
        try
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP SCHEMA IF EXISTS \"{schema}\" CASCADE", connection);
            await drop.ExecuteNonQueryAsync();
        }
        catch (NpgsqlException e)
        {
            Console.Error.WriteLine($"(dropping schema {schema}: {e.Message})");
        }
        NpgsqlConnection.ClearAllPools();
    }

    /// <summary>Runs <see cref="TelephonyBenchmarks"/> (same process, same lifecycles without the control plane) and
    /// reads its figures back from what it prints.</summary>
    private static (double PerSecond, double PerCpuSecond)? RunSimulatorBaseline(int seconds)
    {
        if (seconds <= 0) return null;
        var original = Console.Out;
        var captured = new StringWriter(CultureInfo.InvariantCulture);
        Console.SetOut(captured);
        try
        {
            TelephonyBenchmarks.Run(["--seconds", seconds.ToString(CultureInfo.InvariantCulture), "--concurrency", "1000"]);
        }
        finally
        {
            Console.SetOut(original);
        }
        var line = captured.ToString().Split('\n').FirstOrDefault(l => l.StartsWith("simulated network:", StringComparison.Ordinal));
        if (line is null) return null;
        static double Number(string text) => double.Parse(new string(text.Trim().TakeWhile(c => char.IsDigit(c) || c is ',' or '.').ToArray()).Replace(",", ""), CultureInfo.InvariantCulture);
        // "   330,000 lifecycles/s,    160,000 per CPU-second (...)": the thousands separators are commas too.
        var perSecondText = line["simulated network:".Length..line.IndexOf("lifecycles/s", StringComparison.Ordinal)];
        var perCpuStart = line.IndexOf("lifecycles/s,", StringComparison.Ordinal) + "lifecycles/s,".Length;
        var perCpuText = line[perCpuStart..line.IndexOf("per CPU-second", StringComparison.Ordinal)];
        return (Number(perSecondText), Number(perCpuText));
    }

    /// <summary>The 1-, 5- and 15-minute load averages, as /proc/loadavg gives them.</summary>
    internal static string LoadAverage()
    {
        try
        {
            return string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "?";
        }
    }

    /// <summary>Hears the hub's events as an edge's <c>ManagementEventRelay</c> does (one observer per process); order and
    /// gaps do not matter to a latency sample, so events are handled as they arrive.</summary>
    private sealed class InviteObserver(Action<ManagementEvent> onEvent) : IManagementEventObserver
    {
        public Task OnEventsAsync(int partition, string epoch, IReadOnlyList<SequencedManagementEvent> events)
        {
            foreach (var item in events) onEvent(item.Event);
            return Task.CompletedTask;
        }
    }

    private sealed class RowCounter
    {
        private long _rows, _connected, _abandoned;

        public void Add(CallLogRecord record)
        {
            Interlocked.Increment(ref _rows);
            if (record.Result == CallResults.Success) Interlocked.Increment(ref _connected);
            else if (record.Result == CallResults.Missed) Interlocked.Increment(ref _abandoned);
        }

        public (long Rows, long Connected, long Abandoned) Snapshot() => (Interlocked.Read(ref _rows), Interlocked.Read(ref _connected), Interlocked.Read(ref _abandoned));
    }

    private sealed class CountingCallLogStore(ICallLogStore inner, RowCounter counter) : ICallLogStore
    {
        public async Task<long> AppendAsync(CallLogRecord record, CancellationToken cancellationToken = default)
        {
            var id = await inner.AppendAsync(record, cancellationToken);
            counter.Add(record);
            return id;
        }

        public Task<CallLogEntry?> GetAsync(string tenantId, string callId, CancellationToken cancellationToken = default) => inner.GetAsync(tenantId, callId, cancellationToken);
        public Task<CallLogPage> QueryAsync(CallLogQuery query, CancellationToken cancellationToken = default) => inner.QueryAsync(query, cancellationToken);
        public Task<CallLogPage> QueryForRecallAsync(RecallQuery query, CancellationToken cancellationToken = default) => inner.QueryForRecallAsync(query, cancellationToken);
    }

    /// <summary>
    /// CPU time of one PostgreSQL server (its postmaster, found by the port in the connection string, and every process
    /// it forked), read from /proc: with PostgreSQL the database's work is not in the bench's own process time.
    /// </summary>
    private sealed class PostgresServerCpu
    {
        private readonly int _postmaster;

        private PostgresServerCpu(int postmaster) => _postmaster = postmaster;

        public static PostgresServerCpu? For(string connectionString)
        {
            var port = new NpgsqlConnectionStringBuilder(connectionString).Port.ToString(CultureInfo.InvariantCulture);
            foreach (var dir in Directory.EnumerateDirectories("/proc"))
            {
                if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
                try
                {
                    var cmdline = File.ReadAllText(Path.Combine(dir, "cmdline")).Split('\0');
                    if (cmdline.Length > 0 && cmdline[0].EndsWith("/postgres", StringComparison.Ordinal) && Array.IndexOf(cmdline, port) > 0 && Array.IndexOf(cmdline, "-p") >= 0)
                        return new PostgresServerCpu(pid);
                }
                catch (IOException) { }
                catch (UnauthorizedAccessException) { }
            }
            return null;
        }

        /// <summary>utime + stime (clock ticks) of the postmaster and its children, by pid.</summary>
        public Dictionary<int, long> Snapshot()
        {
            var ticks = new Dictionary<int, long>();
            foreach (var dir in Directory.EnumerateDirectories("/proc"))
            {
                if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
                try
                {
                    var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                    var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                    // After "pid (comm) ": state ppid ... utime is field 14, stime 15 of the whole line (index 11, 12 here).
                    var ppid = int.Parse(fields[1], CultureInfo.InvariantCulture);
                    if (pid != _postmaster && ppid != _postmaster) continue;
                    ticks[pid] = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
                }
                catch (IOException) { }
                catch (UnauthorizedAccessException) { }
                catch (FormatException) { }
            }
            return ticks;
        }
    }

    private static double Since(this Dictionary<int, long> now, Dictionary<int, long> before)
        => now.Sum(p => p.Value - before.GetValueOrDefault(p.Key)) / 100.0; // USER_HZ is 100 on Linux

    private static int Int(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], CultureInfo.InvariantCulture, out var v) ? v : fallback;
    }

    private static string Text(string[] args, string name, string fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
    }
}
