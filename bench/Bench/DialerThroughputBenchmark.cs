using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using CallCenter.Dialer;
using CallCenter.Grains;
using CallCenter.Grains.Tenancy;
using CallCenter.Management.Agents;
using CallCenter.Management.CallLogs;
using CallCenter.Management.Events;
using CallCenter.Management.Gateways;
using CallCenter.Management.Projects;
using CallCenter.Runtime;
using CallCenter.Runtime.Storage;
using CallCenter.Runtime.Streams;
using CallCenter.Storage.CallLogs;
using CallCenter.Storage.Hosting;
using CallCenter.Storage.Sql;
using CallCenter.Telephony;
using CallCenter.Telephony.Recording;
using CallCenter.Telephony.Simulated;
using CallCenter.Tenancy;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CallCenter.Bench;

/// <summary>
/// <c>bench dialer-throughput [--agents 500] [--warmup 5] [--seconds 15] [--talk-ms 200] [--pacing-ms 100] [--no-recording]
/// [--mode progressive|predictive] [--storage sqlite|postgres] [--baseline-seconds 3]</c>
/// <para>
/// The control plane on the real clock: grains + durable storage + simulated network (the dialer bench's composition),
/// one task dialling a large list with many auto-answering agents, customers answering at once and talking 0–talk-ms.
/// Reports call log rows written per second over a steady window (one row = one originate → answer → bridge → hang-up
/// → call-log lifecycle), CPU-seconds per lifecycle, and the delay from the customer's LegAnswered (as the switch
/// emits it) to the agent's invite notice reaching a subscriber of the management stream (what the edge's relay turns
/// into /topic/invite). Baseline in the same invocation: the simulated network alone doing the same lifecycles
/// (<see cref="TelephonyBenchmarks"/>).
/// </para>
/// </summary>
public static partial class BenchCommands
{
    static partial void RegisterDialerThroughput() =>
        Register("dialer-throughput", "control-plane call lifecycles/s and answer→invite latency (real clock, SQLite)", DialerThroughputBenchmark.Run);
}

internal static class DialerThroughputBenchmark
{
    private const string PostgresVariable = "CALLCENTER_BENCH_POSTGRES";
    private const string Tenant = "bench", Domain = "bench.local", ProjectCode = "P1", TaskCode = "T1";

    public static int Run(string[] args)
    {
        var settings = new Settings(
            Agents: Int(args, "--agents", 500),
            WarmupSeconds: Int(args, "--warmup", 5),
            Seconds: Int(args, "--seconds", 15),
            TalkMs: Int(args, "--talk-ms", 200),
            PacingMs: Int(args, "--pacing-ms", 100),
            Mode: Text(args, "--mode", "progressive"),
            Storage: Text(args, "--storage", "sqlite"),
            BaselineSeconds: Int(args, "--baseline-seconds", 3),
            LaunchPerTurn: Int(args, "--launch-per-turn", 0),
            AgentRefreshMs: Int(args, "--agent-refresh-ms", 0),
            Record: !args.Contains("--no-recording"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"dialer-throughput: {settings.Agents} agents, {settings.Mode}, talk 0–{settings.TalkMs} ms, pacing every {settings.PacingMs} ms, storage {settings.Storage}, recording {(settings.Record ? "on" : "off")}, warm-up {settings.WarmupSeconds} s, window {settings.Seconds} s, {Environment.ProcessorCount} cores"));

        var result = RunControlPlaneAsync(settings).GetAwaiter().GetResult();
        var baseline = RunSimulatorBaseline(settings.BaselineSeconds);

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"control plane: {result.PerSecond,10:N0} lifecycles/s ({result.Rows} call log rows in {result.Elapsed:F1} s; {result.Connected} connected, {result.Abandoned} abandoned, {result.Other} other)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"               {result.CpuPerLifecycleMs,10:F3} CPU-ms per lifecycle ({result.CpuSeconds:F1} CPU-s over the window = {result.CpuSeconds / result.Elapsed / Environment.ProcessorCount:P0} of {Environment.ProcessorCount} cores)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"answer → invite: p50 {result.P50:F1} ms, p99 {result.P99:F1} ms, max {result.Max:F1} ms ({result.Samples} invites)"));
        if (baseline is { } b)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"baseline (simulated network alone, same lifecycles): {b.PerSecond,10:N0} lifecycles/s, {1000.0 / b.PerCpuSecond:F4} CPU-ms per lifecycle"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"ratio control plane / simulator: {result.PerSecond / b.PerSecond:P2} per wall second, {(result.Rows / result.CpuSeconds) / b.PerCpuSecond:P2} per CPU-second"));
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"target ≥ 2,000 lifecycles/s and p99 < 50 ms: {(result.PerSecond >= 2000 && result.P99 < 50 ? "met" : "NOT met")}"));
        return 0;
    }

    private sealed record Settings(int Agents, int WarmupSeconds, int Seconds, int TalkMs, int PacingMs, string Mode, string Storage, int BaselineSeconds, int LaunchPerTurn, int AgentRefreshMs, bool Record);

    private sealed record Result(long Rows, long Connected, long Abandoned, long Other, double Elapsed, double CpuSeconds, int Samples, double P50, double P99, double Max)
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
        if (s.Storage.Equals("postgres", StringComparison.OrdinalIgnoreCase))
        {
            config["Storage:Provider"] = "Postgres";
            config["Storage:Postgres:ConnectionString"] = Environment.GetEnvironmentVariable(PostgresVariable)
                ?? throw new InvalidOperationException($"--storage postgres needs {PostgresVariable} (scripts/postgres.sh start DIR prints one)");
            config["Storage:Postgres:Schema"] = "thru_" + Guid.NewGuid().ToString("N")[..8];
        }
        else
        {
            config["Storage:Provider"] = "Sqlite";
            config["Storage:Sqlite:ConnectionString"] = $"Data Source={Path.Combine(dataDirectory, "callcenter.db")}";
        }

        var counter = new RowCounter();
        var writes = new WriteCounter();
        using var host = await DialerFloor.StartAsync(config, TimeProvider.System, services =>
        {
            // The real SQL store, wrapped to count rows as they become durable.
            services.AddSingleton<ICallLogStore>(sp => new CountingCallLogStore(
                new SqlCallLogStore(sp.GetRequiredKeyedService<ISqlDatabase>("Default"), TimeProvider.System), counter));
            CountDurableWrites(services, writes);
        }, LogLevel.Error);
        try
        {
            var grains = host.Services.GetRequiredService<IGrainFactory>();
            var network = host.Services.GetRequiredService<ISimulatedNetwork>();
            var telephony = host.Services.GetRequiredService<ISwitch>();
            var runtime = host.Services.GetRequiredService<IGrainRuntimeDiagnostics>();
            var cluster = host.Services.GetRequiredService<IClusterClient>();
            Task SettleAsync() => DialerFloor.SettleAsync(host.Services);

            await DialerFloor.ProvisionIdleAgentsAsync(host.Services, Tenant, Domain, ProjectCode, s.Agents);
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
            await SettleAsync();

            // Answer → invite: the switch's LegAnswered of the customer leg, and the invite notice as the relay hears it.
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
            var stream = cluster.GetStreamProvider(ManagementStreams.ProviderName)
                .GetStream<ManagementEvent>(StreamId.Create(ManagementStreams.Namespace, ManagementStreams.KeyFor(Tenant)));
            var streamSubscription = await stream.SubscribeAsync((e, _) =>
            {
                if (e is AgentCallNotice { Phase: AgentCallPhase.Connected } notice && answeredAt.TryRemove(notice.CallId, out var at) && Volatile.Read(ref measuring) == 1)
                    latencies.Enqueue(Stopwatch.GetElapsedTime(at).TotalMilliseconds);
                else if (e is AgentCallNotice { Phase: AgentCallPhase.Ended } ended)
                    answeredAt.TryRemove(ended.CallId, out long _);
                return Task.CompletedTask;
            });

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

            Thread.Sleep(TimeSpan.FromSeconds(s.WarmupSeconds));
            var process = Process.GetCurrentProcess();
            var (rows0, connected0, abandoned0) = counter.Snapshot();
            var writes0 = writes.Snapshot();
            process.Refresh();
            var cpu0 = process.TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            Volatile.Write(ref measuring, 1);
            for (var second = 1; second <= s.Seconds; second++)
            {
                var (before, _, _) = counter.Snapshot();
                Thread.Sleep(1000);
                var (after, _, _) = counter.Snapshot();
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  t+{second,3} s: {after - before,6} rows/s, {runtime.GetStatistics().Activations,8} activations"));
            }
            Volatile.Write(ref measuring, 0);
            var elapsed = clock.Elapsed.TotalSeconds;
            var (rows1, connected1, abandoned1) = counter.Snapshot();
            var writes1 = writes.Snapshot();
            var lifecycles = Math.Max(1, rows1 - rows0);
            var perKind = writes1.Select(kv => (kv.Key, Count: kv.Value - (writes0.TryGetValue(kv.Key, out var w0) ? w0 : 0))).Where(x => x.Count > 0).OrderByDescending(x => x.Count).ToList();
            var breakdown = string.Join(", ", perKind.Select(x => string.Create(CultureInfo.InvariantCulture, $"{x.Key} {x.Count / (double)lifecycles:F2}")));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"durable writes per lifecycle: {(perKind.Sum(x => x.Count) + (rows1 - rows0)) / (double)lifecycles:F2} (call log row 1.00; {breakdown})"));
            process.Refresh();
            var cpuSeconds = (process.TotalProcessorTime - cpu0).TotalSeconds;

            await task.EndAsync();
            await streamSubscription.UnsubscribeAsync();
            var sorted = latencies.ToArray();
            Array.Sort(sorted);
            double Percentile(double p) => sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
            var rows = rows1 - rows0;
            var connected = connected1 - connected0;
            var abandoned = abandoned1 - abandoned0;
            return new Result(rows, connected, abandoned, rows - connected - abandoned, elapsed, cpuSeconds, sorted.Length,
                Percentile(0.50), Percentile(0.99), sorted.Length == 0 ? double.NaN : sorted[^1]);
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
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try { Directory.Delete(dataDirectory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
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

    /// <summary>Durable writes (grain state writes and clears, reminder upserts and removals) by grain type.</summary>
    private sealed class WriteCounter
    {
        private readonly ConcurrentDictionary<string, long> _counts = new(StringComparer.Ordinal);

        public void Add(string kind) => _counts.AddOrUpdate(kind, 1, (_, n) => n + 1);

        public Dictionary<string, long> Snapshot() => new(_counts, StringComparer.Ordinal);
    }

    private static void CountDurableWrites(IServiceCollection services, WriteCounter writes)
    {
        for (var i = 0; i < services.Count; i++)
        {
            var d = services[i];
            if (d.ServiceType == typeof(IGrainStorage) && d.IsKeyedService && d.KeyedImplementationFactory is { } keyed)
                services[i] = ServiceDescriptor.KeyedSingleton<IGrainStorage>(d.ServiceKey, (sp, key) => new CountingGrainStorage((IGrainStorage)keyed(sp, key), writes));
            else if (d.ServiceType == typeof(IReminderTable) && !d.IsKeyedService && d.ImplementationFactory is { } factory)
                services[i] = ServiceDescriptor.Singleton<IReminderTable>(sp => new CountingReminderTable((IReminderTable)factory(sp), writes));
        }
    }

    private sealed class CountingGrainStorage(IGrainStorage inner, WriteCounter writes) : IGrainStorage
    {
        public Task<GrainStateRecord?> ReadAsync(GrainStateId id, CancellationToken cancellationToken = default) => inner.ReadAsync(id, cancellationToken);

        public async Task<string> WriteAsync(GrainStateId id, ReadOnlyMemory<byte> payload, string? expectedETag, CancellationToken cancellationToken = default)
        {
            var etag = await inner.WriteAsync(id, payload, expectedETag, cancellationToken);
            writes.Add(id.GrainType);
            return etag;
        }

        public async Task ClearAsync(GrainStateId id, string? expectedETag, CancellationToken cancellationToken = default)
        {
            await inner.ClearAsync(id, expectedETag, cancellationToken);
            writes.Add(id.GrainType);
        }
    }

    private sealed class CountingReminderTable(IReminderTable inner, WriteCounter writes) : IReminderTable
    {
        public Task<IReadOnlyList<ReminderEntry>> ReadAllAsync(CancellationToken cancellationToken = default) => inner.ReadAllAsync(cancellationToken);
        public Task<IReadOnlyList<ReminderEntry>> ReadAsync(string grainType, string grainKey, CancellationToken cancellationToken = default) => inner.ReadAsync(grainType, grainKey, cancellationToken);
        public Task<ReminderEntry?> ReadAsync(string grainType, string grainKey, string name, CancellationToken cancellationToken = default) => inner.ReadAsync(grainType, grainKey, name, cancellationToken);

        public async Task<string> UpsertAsync(ReminderEntry entry, CancellationToken cancellationToken = default)
        {
            var etag = await inner.UpsertAsync(entry, cancellationToken);
            writes.Add("reminder");
            return etag;
        }

        public async Task<bool> RemoveAsync(string grainType, string grainKey, string name, CancellationToken cancellationToken = default)
        {
            var removed = await inner.RemoveAsync(grainType, grainKey, name, cancellationToken);
            writes.Add("reminder");
            return removed;
        }
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
