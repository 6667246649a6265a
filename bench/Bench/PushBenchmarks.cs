using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Streams;

namespace CallCenter.Bench;

public static partial class BenchCommands
{
    static partial void RegisterPushes()
        => Register("pushes", "fan-out of pushes to one edge's sessions: grain observers vs memory streams", PushBenchmarks.Run);
}

/// <summary>
/// <c>bench pushes [--sessions 10000] [--publishers 100] [--rates 1000,5000] [--seconds 5] [--rounds 1]
/// [--client external|cohosted] [--variants observer,stream-edge,stream-session] [--stream-poll-ms N]</c>
/// <para>
/// One silo with <paramref name="publishers"/> publishing grains (each the owner of one topic's pushes, as a seat's push
/// outbox is) and one edge (an Orleans client: a separate client connected through the silo's gateway, as a scaled-out
/// edge is, or the silo's co-hosted client, as in the embedded run) holding <c>--sessions</c> sessions, spread evenly over
/// the topics. Pushes are published at each rate in turn (pushes/s over all publishers) for <c>--seconds</c>, and every
/// push must reach every session of its topic. Variants:
/// <list type="bullet">
/// <item><c>observer</c> — what the code does: one grain observer per edge, subscribed at every publisher
/// (<c>ObserverManager</c>, one-way notifications), fanned out to the sessions inside the edge;</item>
/// <item><c>stream-edge</c> — Orleans memory streams, one stream per topic, one subscription per edge and stream, fanned
/// out inside the edge;</item>
/// <item><c>stream-session</c> — memory streams with one subscription per session.</item>
/// </list>
/// Reported per variant and rate: delivered session-pushes/s against the offered load, publish → session latency
/// (p50/p99/max, sampled on the first and last session of every topic), pushes not delivered 3 s after publishing
/// stopped, CPU and allocated bytes per delivery, subscription set-up time and the managed heap the subscriptions hold.
/// Each variant runs in a silo and edge of its own; with <c>--rounds</c> the variants interleave.
/// </para>
/// </summary>
internal static class PushBenchmarks
{
    public static int Run(string[] args)
    {
        var sessions = Int(args, "--sessions", 10_000);
        var publishers = Int(args, "--publishers", 100);
        var seconds = Int(args, "--seconds", 5);
        var rounds = Int(args, "--rounds", 1);
        var rates = Text(args, "--rates", "1000,5000").Split(',').Select(r => int.Parse(r, CultureInfo.InvariantCulture)).ToArray();
        var external = Text(args, "--client", "external") != "cohosted";
        var pollMs = Int(args, "--stream-poll-ms", 0);
        var variants = Text(args, "--variants", "observer,stream-edge,stream-session").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var variant in variants)
        {
            if (variant is not ("observer" or "stream-edge" or "stream-session"))
            {
                Console.Error.WriteLine($"unknown variant '{variant}'");
                return 2;
            }
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"pushes: {sessions:N0} sessions on one {(external ? "external client edge (through the gateway)" : "co-hosted client edge")}, {publishers} publishing grains ({sessions / publishers} sessions per topic), rates {string.Join(", ", rates)} pushes/s, {seconds} s each, stream poll {(pollMs > 0 ? pollMs + " ms" : "Orleans' default")}, {Environment.ProcessorCount} cores, load {DialerThroughputBenchmark.LoadAverage()}"));
        var results = new List<Row>();
        for (var round = 0; round < rounds; round++)
        {
            foreach (var variant in variants)
                results.AddRange(RunVariantAsync(variant, sessions, publishers, rates, seconds, external, pollMs).GetAwaiter().GetResult());
        }
        Console.WriteLine();
        Console.WriteLine("| variant | subscriptions | set-up s | heap held MB | offered pushes/s | session deliveries/s (of offered) | latency p50 / p99 / max ms | undelivered after 3 s | CPU µs per delivery | bytes allocated per delivery | load |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var r in results)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {r.Variant} | {r.Subscriptions:N0} | {r.SetupSeconds:F1} | {r.HeapMb:F1} | {r.Offered:N0} | {r.DeliveredPerSecond:N0} ({r.DeliveredPerSecond / Math.Max(1, r.Offered * r.SessionsPerTopic):P0}) | {r.P50:F1} / {r.P99:F1} / {r.Max:F0} | {r.Undelivered:N0} | {r.CpuMicrosPerDelivery:F2} | {r.BytesPerDelivery:N0} | {r.Load} |"));
        }
        return 0;
    }

    private sealed record Row(string Variant, int Subscriptions, double SetupSeconds, double HeapMb, int Offered, int SessionsPerTopic, double DeliveredPerSecond,
        double P50, double P99, double Max, long Undelivered, double CpuMicrosPerDelivery, double BytesPerDelivery, string Load);

    private static async Task<List<Row>> RunVariantAsync(string variant, int sessionCount, int publisherCount, int[] rates, int seconds, bool external, int pollMs)
    {
        var siloPort = RuntimeBenchmarks.FreePort();
        var gatewayPort = RuntimeBenchmarks.FreePort();
        var silo = await StartAsync(BuildSilo(siloPort, gatewayPort, pollMs));
        IHost? clientHost = external ? await StartAsync(BuildClient(gatewayPort, pollMs)) : null;
        var rows = new List<Row>();
        try
        {
            var grains = silo.Services.GetRequiredService<IGrainFactory>();
            var edgeClient = (clientHost ?? silo).Services.GetRequiredService<IClusterClient>();
            var topics = Enumerable.Range(0, publisherCount).Select(p => $"topic-{p}").ToArray();
            var publishers = topics.Select(t => grains.GetGrain<IPushPublisherGrain>(t)).ToArray();
            var perTopic = sessionCount / publisherCount;
            var edge = new Edge(topics, perTopic);
            await Task.WhenAll(publishers.Select(p => p.PublishAsync(0, false))); // activate

            var heapBefore = Heap();
            var setup = Stopwatch.StartNew();
            var subscriptions = 0;
            IPushEdgeObserver? reference = null;
            var handles = new List<StreamSubscriptionHandle<BenchPush>>();
            switch (variant)
            {
                case "observer":
                    reference = edgeClient.CreateObjectReference<IPushEdgeObserver>(edge);
                    await Task.WhenAll(publishers.Select(p => p.SubscribeAsync(reference)));
                    subscriptions = publishers.Length;
                    break;
                case "stream-edge":
                    foreach (var topic in topics)
                    {
                        var stream = Stream(edgeClient, topic);
                        var sessions = edge.SessionsOf(topic);
                        handles.Add(await stream.SubscribeAsync((push, _) =>
                        {
                            foreach (var session in sessions) session.Deliver(push);
                            return Task.CompletedTask;
                        }));
                    }
                    subscriptions = handles.Count;
                    break;
                case "stream-session":
                    var all = topics.SelectMany(t => edge.SessionsOf(t).Select(s => (Topic: t, Session: s))).ToArray();
                    foreach (var chunk in all.Chunk(100))
                    {
                        var subscribed = await Task.WhenAll(chunk.Select(x => Stream(edgeClient, x.Topic).SubscribeAsync((push, _) =>
                        {
                            x.Session.Deliver(push);
                            return Task.CompletedTask;
                        })));
                        handles.AddRange(subscribed);
                    }
                    subscriptions = handles.Count;
                    break;
            }
            var setupSeconds = setup.Elapsed.TotalSeconds;
            var heapMb = (Heap() - heapBefore) / 1024.0 / 1024.0;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{variant}: {subscriptions:N0} subscriptions in {setupSeconds:F1} s, {heapMb:F1} MB of managed heap held"));

            // Warm-up: one second at the lowest rate.
            await DriveAsync(publishers, rates[0], TimeSpan.FromSeconds(1), variant != "observer");
            await Task.Delay(2000);
            foreach (var rate in rates)
            {
                var load = DialerThroughputBenchmark.LoadAverage();
                edge.Reset(measuring: true);
                var process = Process.GetCurrentProcess();
                process.Refresh();
                var cpu0 = process.TotalProcessorTime;
                var allocated0 = GC.GetTotalAllocatedBytes(precise: false);
                var clock = Stopwatch.StartNew();
                var published = await DriveAsync(publishers, rate, TimeSpan.FromSeconds(seconds), variant != "observer");
                var window = clock.Elapsed.TotalSeconds;
                var deliveredInWindow = edge.Delivered;
                // Drain: whatever has not arrived 3 s after the last publish counts as undelivered.
                var expected = published * perTopic;
                var drain = Stopwatch.StartNew();
                while (edge.Delivered < expected && drain.Elapsed < TimeSpan.FromSeconds(3)) await Task.Delay(20);
                var drained = clock.Elapsed.TotalSeconds;
                process.Refresh();
                var cpu = (process.TotalProcessorTime - cpu0).TotalSeconds;
                var allocated = GC.GetTotalAllocatedBytes(precise: false) - allocated0;
                var delivered = edge.Delivered;
                edge.Reset(measuring: false);
                var latencies = edge.Latencies();
                var row = new Row(variant, subscriptions, setupSeconds, heapMb, rate, perTopic,
                    // Deliveries over the time it took to deliver them (publishing window plus the drain actually needed).
                    delivered / (delivered >= expected ? drained : window + 3),
                    Percentile(latencies, 0.50), Percentile(latencies, 0.99), latencies.Length == 0 ? double.NaN : latencies[^1],
                    Math.Max(0, expected - delivered), cpu * 1e6 / Math.Max(1, delivered), allocated / (double)Math.Max(1, delivered), load);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  {rate,6:N0} pushes/s offered: {published:N0} published in {window:F1} s, {delivered:N0} of {expected:N0} session deliveries ({deliveredInWindow:N0} within the window), latency p50 {row.P50:F1} / p99 {row.P99:F1} / max {row.Max:F0} ms, {row.CpuMicrosPerDelivery:F2} CPU-µs and {row.BytesPerDelivery:N0} B allocated per delivery, load {load}"));
                rows.Add(row);
                await Task.Delay(1000);
            }

            foreach (var handle in handles) await handle.UnsubscribeAsync();
            if (reference is not null) edgeClient.DeleteObjectReference<IPushEdgeObserver>(reference);
            GC.KeepAlive(edge);
        }
        finally
        {
            if (clientHost is not null)
            {
                await clientHost.StopAsync();
                clientHost.Dispose();
            }
            await silo.StopAsync();
            silo.Dispose();
        }
        return rows;
    }

    private static IAsyncStream<BenchPush> Stream(IClusterClient client, string topic)
        => client.GetStreamProvider(PushPublisherGrain.StreamProvider).GetStream<BenchPush>(StreamId.Create(PushPublisherGrain.StreamNamespace, topic));

    /// <summary>Publishes <paramref name="rate"/> pushes/s spread round-robin over the publishers, in 10-ms ticks, from the
    /// silo's side; calls are not awaited one by one, so a publisher that falls behind queues up instead of slowing the
    /// offered load.</summary>
    /// <returns>Pushes published.</returns>
    private static async Task<long> DriveAsync(IPushPublisherGrain[] publishers, int rate, TimeSpan duration, bool viaStream)
    {
        var pending = new List<Task>();
        var clock = Stopwatch.StartNew();
        long sent = 0;
        var next = 0;
        var counts = new int[publishers.Length];
        while (clock.Elapsed < duration)
        {
            var due = (long)(rate * clock.Elapsed.TotalSeconds);
            var batch = (int)(due - sent);
            if (batch > 0)
            {
                Array.Clear(counts);
                for (var i = 0; i < batch; i++)
                {
                    counts[next]++;
                    next = (next + 1) % publishers.Length;
                }
                for (var p = 0; p < publishers.Length; p++)
                    if (counts[p] > 0) pending.Add(publishers[p].PublishAsync(counts[p], viaStream));
                sent += batch;
            }
            await Task.Delay(10);
        }
        await Task.WhenAll(pending);
        return sent;
    }

    private static long Heap()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    private static double Percentile(double[] sorted, double p) => sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

    private static IHost BuildSilo(int siloPort, int gatewayPort, int pollMs)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, EnvironmentName = "Bench" });
        builder.Logging.ClearProviders().SetMinimumLevel(LogLevel.Error).AddSimpleConsole();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Storage:Provider"] = "Memory" });
        builder.UseOrleans(silo =>
        {
            silo.UseLocalhostClustering(siloPort, gatewayPort);
            silo.AddMemoryGrainStorage("PubSubStore");
            silo.AddMemoryStreams(PushPublisherGrain.StreamProvider);
            if (pollMs > 0) silo.Services.Configure<StreamPullingAgentOptions>(PushPublisherGrain.StreamProvider, o => o.GetQueueMsgsTimerPeriod = TimeSpan.FromMilliseconds(pollMs));
        });
        return builder.Build();
    }

    private static IHost BuildClient(int gatewayPort, int pollMs)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, EnvironmentName = "Bench" });
        builder.Logging.ClearProviders().SetMinimumLevel(LogLevel.Error).AddSimpleConsole();
        builder.UseOrleansClient(client =>
        {
            client.UseLocalhostClustering(gatewayPort);
            client.AddMemoryStreams(PushPublisherGrain.StreamProvider);
        });
        _ = pollMs; // pulling agents run on silos only
        return builder.Build();
    }

    private static async Task<IHost> StartAsync(IHost host)
    {
        await host.StartAsync();
        return host;
    }

    /// <summary>The edge: its sessions by topic, and one <see cref="IPushEdgeObserver"/> for the observer variant.</summary>
    private sealed class Edge : IPushEdgeObserver
    {
        private readonly Dictionary<string, Session[]> _sessions;
        private readonly ConcurrentQueue<double> _latencies = new();
        private long _delivered;
        private volatile bool _measuring;

        public Edge(string[] topics, int perTopic)
        {
            _sessions = topics.ToDictionary(t => t, t => Enumerable.Range(0, perTopic).Select(i => new Session(this, sampled: i == 0 || i == perTopic - 1)).ToArray(), StringComparer.Ordinal);
        }

        public long Delivered => Interlocked.Read(ref _delivered);

        public IReadOnlyList<Session> SessionsOf(string topic) => _sessions[topic];

        public void Reset(bool measuring)
        {
            _measuring = measuring;
            if (measuring)
            {
                Interlocked.Exchange(ref _delivered, 0);
                _latencies.Clear();
            }
        }

        public double[] Latencies()
        {
            var sorted = _latencies.ToArray();
            Array.Sort(sorted);
            return sorted;
        }

        public Task OnPushesAsync(string topic, IReadOnlyList<BenchPush> pushes)
        {
            if (_sessions.TryGetValue(topic, out var sessions))
            {
                foreach (var push in pushes)
                {
                    foreach (var session in sessions) session.Deliver(push);
                }
            }
            return Task.CompletedTask;
        }

        /// <summary>A websocket session: what a real one would serialize and send is the same for every variant, so it
        /// only counts (and, for two sessions per topic, times) what reaches it.</summary>
        public sealed class Session(Edge edge, bool sampled)
        {
            private long _lastSeq;

            public void Deliver(BenchPush push)
            {
                Volatile.Write(ref _lastSeq, push.Seq);
                Interlocked.Increment(ref edge._delivered);
                if (sampled && edge._measuring) edge._latencies.Enqueue(Stopwatch.GetElapsedTime(push.SentTicks).TotalMilliseconds);
            }
        }
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
