using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using CallCenter.Telephony;
using CallCenter.Telephony.Recording;
using CallCenter.Telephony.Simulated;

namespace CallCenter.Bench;

public static partial class BenchCommands
{
    static partial void RegisterTelephony() =>
        Register("telephony", "full call lifecycles/s through the simulated network alone [--seconds 5] [--concurrency 1000]", TelephonyBenchmarks.Run);
}

/// <summary>
/// How many complete calls per second the simulated network sustains on its own, so that it is never what limits a
/// control-plane benchmark. One lifecycle: originate a PSTN leg and an extension leg, both answer, bridge, hang up, with
/// every event consumed by a subscriber that drives the next step, as a grain would. Real clock, zero ring and talk
/// times (nothing waits on a timer). The baseline is the same number of events created and handed to the same kind of
/// subscriber by a plain loop: the floor any event-driven switch pays.
/// </summary>
internal static class TelephonyBenchmarks
{
    private const string Domain = "bench.example";
    private const string Gateway = "bench-gw";

    public static int Run(string[] args)
    {
        var seconds = Option(args, "--seconds", 5);
        var concurrency = Option(args, "--concurrency", 1000);

        Console.WriteLine($"telephony: {concurrency} concurrent calls, {seconds}s per measurement, {Environment.ProcessorCount} cores");
        RunLifecycles(concurrency, TimeSpan.FromSeconds(1)); // warm-up: JIT, tiering
        var simulated = RunLifecycles(concurrency, TimeSpan.FromSeconds(seconds));
        var baseline = RunBaseline(TimeSpan.FromSeconds(seconds));

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"simulated network: {simulated.PerSecond,12:N0} lifecycles/s, {simulated.PerCpuSecond,12:N0} per CPU-second ({simulated.EventsPerSecond:N0} events/s, {simulated.EventsPerLifecycle:F1} events per lifecycle)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"baseline (events through a plain loop): {baseline.PerSecond,12:N0} lifecycles/s, {baseline.PerCpuSecond,12:N0} per CPU-second"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ratio simulated/baseline per CPU-second: {simulated.PerCpuSecond / baseline.PerCpuSecond:P1}"));
        return 0;
    }

    private static Throughput RunLifecycles(int concurrency, TimeSpan duration)
    {
        var options = new SimulatedNetworkOptions { Seed = 7, Phones = PhoneAnswerPolicy.Immediate() };
        options.Profiles[SimulatedNetworkOptions.DefaultProfileName] = new PstnProfile
        {
            AnswerProbability = 1,
            BusyProbability = 0,
            UnallocatedRate = 0,
            RingTime = DurationDistribution.Zero,
            TalkTime = DurationDistribution.Never,
            Patience = DurationDistribution.Never,
        };
        using var network = new SimulatedSwitch(options, TimeProvider.System, new InMemoryBlobStore());
        network.ProvisionGatewayAsync(new GatewayDefinition(Gateway, "carrier.example:5060")).GetAwaiter().GetResult();
        for (var i = 0; i < concurrency; i++)
        {
            var extension = (10000 + i).ToString(CultureInfo.InvariantCulture);
            network.ProvisionExtensionAsync(new ExtensionCredentials(extension, Domain, "bench")).GetAwaiter().GetResult();
            network.RegisterPhone(extension, Domain);
        }
        network.WhenIdleAsync().GetAwaiter().GetResult();

        var driver = new LifecycleDriver(network, concurrency);
        using var subscription = network.Subscribe(driver.OnEventAsync);
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        driver.Start();
        Thread.Sleep(duration);
        var (completed, events) = driver.Snapshot();
        var elapsed = clock.Elapsed.TotalSeconds;
        var cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
        driver.Stop();
        network.WhenIdleAsync().Wait(TimeSpan.FromSeconds(30));
        return new(completed / elapsed, completed / cpuSeconds, events / elapsed, completed == 0 ? 0 : (double)events / completed);
    }

    /// <summary>Rates per wall-clock second and per second of CPU the process used: on a shared machine the second is
    /// the steadier figure.</summary>
    private sealed record Throughput(double PerSecond, double PerCpuSecond, double EventsPerSecond = 0, double EventsPerLifecycle = 0);

    private static Throughput RunBaseline(TimeSpan duration)
    {
        var now = DateTimeOffset.UtcNow;
        var variables = new Dictionary<string, string> { [ChannelVariables.Call] = "c", [ChannelVariables.Role] = "customer" };
        long hungUp = 0;
        Func<SwitchEvent, ValueTask> handler = e =>
        {
            if (e is LegHungUp) hungUp++;
            return ValueTask.CompletedTask;
        };
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        long lifecycles = 0;
        while (clock.Elapsed < duration)
        {
            for (var batch = 0; batch < 1000; batch++, lifecycles++)
            {
                var a = lifecycles.ToString(CultureInfo.InvariantCulture);
                var b = a + "b";
                Deliver(handler, new LegCreated(LegDirection.Outbound, "4000", "5550100", Gateway, null) { LegId = a, CallId = "c", Timestamp = now, Variables = variables });
                Deliver(handler, new LegCreated(LegDirection.Outbound, "4000", "10000", null, Domain) { LegId = b, CallId = "c", Timestamp = now, Variables = variables });
                Deliver(handler, new LegRinging(false) { LegId = a, CallId = "c", Timestamp = now, Variables = variables });
                Deliver(handler, new LegRinging(false) { LegId = b, CallId = "c", Timestamp = now, Variables = variables });
                Deliver(handler, new LegAnswered { LegId = a, CallId = "c", Timestamp = now, Variables = variables });
                Deliver(handler, new LegAnswered { LegId = b, CallId = "c", Timestamp = now, Variables = variables });
                Deliver(handler, new LegBridged(b) { LegId = a, CallId = "c", Timestamp = now, Variables = variables });
                Deliver(handler, new LegBridged(a) { LegId = b, CallId = "c", Timestamp = now, Variables = variables });
                Deliver(handler, new LegUnbridged(b) { LegId = a, CallId = "c", Timestamp = now, Variables = variables });
                Deliver(handler, new LegUnbridged(a) { LegId = b, CallId = "c", Timestamp = now, Variables = variables });
                Deliver(handler, new LegHungUp(HangupCauses.NormalClearing, HangupInitiator.Local, now, now, 0, 0) { LegId = a, CallId = "c", Timestamp = now, Variables = variables });
                Deliver(handler, new LegHungUp(HangupCauses.NormalClearing, HangupInitiator.Local, now, now, 0, 0) { LegId = b, CallId = "c", Timestamp = now, Variables = variables });
            }
        }
        var cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
        return new(hungUp / 2.0 / clock.Elapsed.TotalSeconds, hungUp / 2.0 / cpuSeconds);
    }

    private static void Deliver(Func<SwitchEvent, ValueTask> handler, SwitchEvent e)
    {
        var pending = handler(e);
        if (!pending.IsCompletedSuccessfully) pending.AsTask().GetAwaiter().GetResult();
    }

    private static int Option(string[] args, string name, int fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length && int.TryParse(args[index + 1], CultureInfo.InvariantCulture, out var value) ? value : fallback;
    }

    /// <summary>Plays the control plane: reacts to each event with the next command, as the call grain would.</summary>
    private sealed class LifecycleDriver(ISwitch telephony, int concurrency)
    {
        private readonly ConcurrentDictionary<string, Call> _calls = new(StringComparer.Ordinal);
        private long _completed;
        private long _events;
        private volatile bool _running = true;

        private sealed class Call(int slot, string callId, string customerLeg, string agentLeg)
        {
            public int Slot { get; } = slot;
            public string CallId { get; } = callId;
            public string CustomerLeg { get; } = customerLeg;
            public string AgentLeg { get; } = agentLeg;
            public int Answered { get; set; }
            public bool HangupSent { get; set; }
            public int HungUp { get; set; }
        }

        public void Start()
        {
            for (var slot = 0; slot < concurrency; slot++) Place(slot);
        }

        public void Stop() => _running = false;

        public (long Completed, long Events) Snapshot() => (Interlocked.Read(ref _completed), Interlocked.Read(ref _events));

        public ValueTask OnEventAsync(SwitchEvent e)
        {
            Interlocked.Increment(ref _events);
            if (!_calls.TryGetValue(e.LegId, out var call)) return ValueTask.CompletedTask;
            switch (e)
            {
                case LegAnswered:
                    if (++call.Answered == 2) return new ValueTask(telephony.BridgeAsync(call.CustomerLeg, call.AgentLeg));
                    break;
                case LegBridged when !call.HangupSent:
                    call.HangupSent = true;
                    return new ValueTask(telephony.HangupAsync(call.AgentLeg));
                case LegHungUp:
                    _calls.TryRemove(e.LegId, out _);
                    if (++call.HungUp == 2)
                    {
                        Interlocked.Increment(ref _completed);
                        if (_running) Place(call.Slot);
                    }
                    break;
            }
            return ValueTask.CompletedTask;
        }

        private void Place(int slot)
        {
            var id = Guid.NewGuid().ToString("N");
            var call = new Call(slot, "call-" + id, id + "-c", id + "-a");
            _calls[call.CustomerLeg] = call;
            _calls[call.AgentLeg] = call;
            var customerVariables = new Dictionary<string, string> { [ChannelVariables.Tenant] = "bench", [ChannelVariables.Call] = call.CallId, [ChannelVariables.Role] = "customer" };
            var agentVariables = new Dictionary<string, string> { [ChannelVariables.Tenant] = "bench", [ChannelVariables.Call] = call.CallId, [ChannelVariables.Role] = "agent" };
            var extension = (10000 + slot).ToString(CultureInfo.InvariantCulture);
            telephony.OriginateAsync(new OriginateRequest(call.CustomerLeg, call.CallId, new PstnEndpoint("5550100", Gateway, "9"), "4000", Variables: customerVariables)).GetAwaiter().GetResult();
            telephony.OriginateAsync(new OriginateRequest(call.AgentLeg, call.CallId, new ExtensionEndpoint(extension, Domain), "5550100", Variables: agentVariables)).GetAwaiter().GetResult();
        }
    }
}
