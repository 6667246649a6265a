using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text;
using CallCenter.Grpc.V1;
using CallCenter.Management.Agents;
using CallCenter.Management.Projects;
using CallCenter.Silo.Hosting;
using CallCenter.Telephony.Simulated;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using GrpcAgentRole = CallCenter.Grpc.V1.AgentRole;

namespace CallCenter.Bench;

public static partial class BenchCommands
{
    static partial void RegisterGrpcEvents() => Register("grpc-events",
        "the same agent-state events to N gRPC Subscribe streams and N STOMP sessions of the real host: events/s and p99 latency of each",
        GrpcEventsBenchmark.Run);
}

/// <summary>
/// The whole host (silo and edge, SQLite storage, real time) in process. Agents' work status is toggled as fast as the
/// grains take it, one change at a time per agent; every change is one AgentStateChanged, delivered both as a gRPC event
/// (through the tenant's durable event log) to <c>--subscribers</c> Subscribe streams and as a /topic/status push to as
/// many STOMP sessions. Latency is from just before the command to the client's receipt of the push; the n-th push of an
/// agent on either transport is the n-th change of that agent.
/// </summary>
internal static class GrpcEventsBenchmark
{
    private const string Account = "demo", Secret = "demo-management-secret-change-me", Domain = "demo.callcenter.local";

    public static int Run(string[] args) => RunAsync(args).GetAwaiter().GetResult();

    private static async Task<int> RunAsync(string[] args)
    {
        var subscribers = Option(args, "--subscribers", 100);
        var agents = Option(args, "--agents", 10);
        var rounds = Option(args, "--rounds", 100);
        var data = Directory.CreateTempSubdirectory("callcenter-bench-grpc-").FullName;
        int httpPort = FreePort(), grpcPort = FreePort();
        var app = SiloHost.Build([
            $"--urls=http://127.0.0.1:{httpPort}", $"--Grpc:Port={grpcPort}", $"--Silo:DataDirectory={data}", "--environment=Development",
            "--Storage:Provider=Sqlite", "--Telephony:Provider=Simulated", $"--Orleans:SiloPort={FreePort()}", $"--Orleans:GatewayPort={FreePort()}",
            "--Logging:LogLevel:Default=Warning", $"--Grpc:MaxSubscribersPerTenant={subscribers + 10}",
        ]);
        await app.StartAsync();
        try
        {
            return await MeasureAsync(app, httpPort, grpcPort, subscribers, agents, rounds);
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
            try { Directory.Delete(data, recursive: true); } catch (IOException) { }
        }
    }

    private static async Task<int> MeasureAsync(WebApplication app, int httpPort, int grpcPort, int subscribers, int agentCount, int rounds)
    {
        var grains = app.Services.GetRequiredService<IGrainFactory>();
        var network = app.Services.GetRequiredService<ISimulatedNetwork>();
        var project = grains.GetGrain<IProjectGrain>(IProjectGrain.KeyFor("demo", "bench"));
        var created = await project.CreateAsync(new ProjectCreation(agentCount));
        var agents = new List<string>();
        for (var i = 0; i < agentCount; i++)
        {
            var grant = (await project.ClaimExtensionAsync(new ExtensionClaim(created.Value!.Certificate, Management.Agents.AgentRole.Agent, null))).Value!;
            network.SetPhonePolicy(grant.Username, Domain, PhoneAnswerPolicy.Immediate());
            network.RegisterPhone(grant.Username, Domain, grant.Password);
            agents.Add(grant.Username);
        }
        await Task.Delay(500);
        var index = agents.Select((a, i) => (a, i)).ToDictionary(p => p.a, p => p.i);
        var sent = new long[agentCount, rounds];
        var expected = (long)agentCount * rounds;

        // gRPC: one h2c connection per 50 streams (Kestrel's default stream limit per connection is 100).
        using var handler = new SocketsHttpHandler { EnableMultipleHttp2Connections = true };
        using var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{grpcPort}", new GrpcChannelOptions { HttpHandler = handler });
        var invoker = channel.Intercept(headers =>
        {
            var ts = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
            headers.Add("account", Account);
            headers.Add("timestamp", ts);
            headers.Add("sign", Sign(ts));
            return headers;
        });
        var events = new EventService.EventServiceClient(invoker);
        var start = (await events.GetPositionAsync(new GetPositionRequest())).LastPosition;
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        var grpcLatencies = new List<double>[subscribers];
        var stompLatencies = new List<double>[subscribers];
        var grpcTasks = new List<Task>();
        for (var s = 0; s < subscribers; s++)
        {
            var mine = grpcLatencies[s] = new List<double>((int)expected);
            var call = events.Subscribe(new SubscribeRequest { AfterPosition = start, Kinds = { EventKind.AgentState }, ProjectCodes = { "bench" } }, cancellationToken: stop.Token);
            grpcTasks.Add(Task.Run(async () =>
            {
                var seen = new int[agentCount];
                await foreach (var e in call.ResponseStream.ReadAllAsync(stop.Token))
                {
                    var now = Stopwatch.GetTimestamp();
                    var a = index[e.Username];
                    mine.Add(Stopwatch.GetElapsedTime(sent[a, seen[a]++], now).TotalMilliseconds);
                    if (mine.Count == expected) break;
                }
                call.Dispose();
            }));
        }

        var stompTasks = new List<Task>();
        var sockets = new List<ClientWebSocket>();
        for (var s = 0; s < subscribers; s++)
        {
            var socket = new ClientWebSocket();
            socket.Options.AddSubProtocol("v12.stomp");
            await socket.ConnectAsync(new Uri($"ws://127.0.0.1:{httpPort}/callcenter/ws/websocket"), stop.Token);
            var ts = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
            await SendFrameAsync(socket, $"CONNECT\naccept-version:1.2\nhost:callcenter\nheart-beat:0,0\nlogin:{Account}\npasscode:{Sign(ts)}\ntimestamp:{ts}\n\n");
            for (var a = 0; a < agentCount; a++) await SendFrameAsync(socket, $"SUBSCRIBE\nid:{a}\ndestination:/topic/status/{agents[a]}\n\n");
            await SendFrameAsync(socket, "SUBSCRIBE\nid:sync\ndestination:/topic/status/sync\nreceipt:ready\n\n");
            sockets.Add(socket);
            var mine = stompLatencies[s] = new List<double>((int)expected);
            var ready = new TaskCompletionSource();
            stompTasks.Add(Task.Run(() => ReadStompAsync(socket, agents, index, sent, mine, expected, ready, stop.Token)));
            await ready.Task.WaitAsync(stop.Token);
        }

        // Drive: each agent toggles its work status `rounds` times, one change at a time; agents in parallel.
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, agentCount).Select(async a =>
        {
            var agent = grains.GetGrain<IAgentGrain>(IAgentGrain.KeyFor("demo", agents[a]));
            for (var r = 0; r < rounds; r++)
            {
                sent[a, r] = Stopwatch.GetTimestamp();
                await agent.SetWorkStatusAsync(r % 2 == 0 ? AgentWorkStatus.Idle : AgentWorkStatus.Busy);
            }
        }));
        var produced = clock.Elapsed;
        var grpcDone = Task.WhenAll(grpcTasks).ContinueWith(_ => clock.Elapsed, TaskScheduler.Default);
        var stompDone = Task.WhenAll(stompTasks).ContinueWith(_ => clock.Elapsed, TaskScheduler.Default);
        var grpcElapsed = await grpcDone;
        var stompElapsed = await stompDone;
        foreach (var socket in sockets) socket.Dispose();

        Console.WriteLine($"grpc-events: {agentCount} agents x {rounds} changes = {expected} events, {subscribers} gRPC streams and {subscribers} STOMP sessions, produced in {produced.TotalSeconds:0.00} s");
        Report("gRPC Subscribe", grpcLatencies, grpcElapsed, expected * subscribers);
        Report("STOMP push", stompLatencies, stompElapsed, expected * subscribers);
        var g = Percentile(grpcLatencies, 0.99);
        var t = Percentile(stompLatencies, 0.99);
        Console.WriteLine($"p99 ratio gRPC/STOMP: {g / t:0.00}");
        return 0;
    }

    private static async Task ReadStompAsync(ClientWebSocket socket, List<string> agents, Dictionary<string, int> index, long[,] sent, List<double> latencies,
        long expected, TaskCompletionSource ready, CancellationToken cancel)
    {
        var seen = new int[agents.Count];
        var buffer = new byte[64 * 1024];
        var text = new StringBuilder();
        while (latencies.Count < expected)
        {
            var received = await socket.ReceiveAsync(buffer, cancel);
            var now = Stopwatch.GetTimestamp();
            text.Append(Encoding.UTF8.GetString(buffer, 0, received.Count));
            int end;
            while ((end = text.ToString().IndexOf('\0')) >= 0)
            {
                var frame = text.ToString(0, end);
                text.Remove(0, end + 1);
                frame = frame.TrimStart('\n', '\r');
                if (frame.StartsWith("RECEIPT", StringComparison.Ordinal)) ready.TrySetResult();
                if (frame.StartsWith("ERROR", StringComparison.Ordinal)) throw new InvalidOperationException("STOMP: " + frame);
                if (!frame.StartsWith("MESSAGE", StringComparison.Ordinal)) continue;
                var destination = frame.Split('\n').First(l => l.StartsWith("destination:", StringComparison.Ordinal))["destination:/topic/status/".Length..];
                if (!index.TryGetValue(destination, out var a)) continue;
                latencies.Add(Stopwatch.GetElapsedTime(sent[a, seen[a]++], now).TotalMilliseconds);
            }
        }
    }

    private static void Report(string name, List<double>[] latencies, TimeSpan elapsed, long deliveries)
    {
        var received = latencies.Sum(l => l.Count);
        Console.WriteLine($"{name,-15} delivered {received}/{deliveries} in {elapsed.TotalSeconds:0.00} s = {received / elapsed.TotalSeconds:0} events/s; " +
                          $"latency p50 {Percentile(latencies, 0.50):0.0} ms, p99 {Percentile(latencies, 0.99):0.0} ms, max {Percentile(latencies, 1):0.0} ms");
    }

    private static double Percentile(List<double>[] latencies, double q)
    {
        var all = latencies.SelectMany(l => l).Order().ToArray();
        return all.Length == 0 ? double.NaN : all[Math.Clamp((int)Math.Ceiling(q * all.Length) - 1, 0, all.Length - 1)];
    }

    private static Task SendFrameAsync(ClientWebSocket socket, string frame)
        => socket.SendAsync(Encoding.UTF8.GetBytes(frame + "\0"), WebSocketMessageType.Text, true, CancellationToken.None);

    private static string Sign(string timestamp) => Convert.ToHexString(MD5.HashData(Encoding.UTF8.GetBytes(Account + timestamp + Secret)));

    private static int Option(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
