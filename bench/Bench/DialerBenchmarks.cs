using System.Globalization;
using CallCenter.Dialer;
using CallCenter.Grains;
using CallCenter.Grains.Tenancy;
using CallCenter.Management.Agents;
using CallCenter.Management.Gateways;
using CallCenter.Management.Projects;
using CallCenter.Runtime.Diagnostics;
using CallCenter.Telephony.Simulated;
using CallCenter.Tenancy;
using CallCenter.Time;
using Microsoft.Extensions.DependencyInjection;

namespace CallCenter.Bench;

/// <summary>
/// `bench dialer [--minutes 60] [--agents 20] [--seed 7]`: the pacing table on the simulator's virtual clock. Each run is
/// an Orleans silo with the grains + simulated network (no edge; <see cref="DialerFloor"/>) whose grain timers and
/// reminders run on the virtual clock (<c>AddQuiescenceTracking</c>), one task dialling a large list with 20 auto-answering agents, talk time
/// lognormal mean 120 s, wrap-up 10 s, for one simulated hour, for every mode and answer rate.
/// Options for investigation: `--modes predictive,fixed 2` (names as in the table), `--answers 0.2,0.6`, `--wrap 10`,
/// `--trace` (status and last pacing decision every second for the first 40 s, then every minute), `--events-from S
/// --events-to S` (every switch event between those virtual seconds after the task started: where two runs diverge).
/// </summary>
public static partial class BenchCommands
{
    static partial void RegisterDialer() => Register("dialer", "predictive dialer pacing table (virtual clock)", args => DialerBenchmarks.Run(args));
}

internal static class DialerBenchmarks
{
    public static int Run(string[] args)
    {
        var minutes = Arg(args, "--minutes", 60);
        var agents = Arg(args, "--agents", 20);
        var seed = Arg(args, "--seed", 7);
        var wrap = Arg(args, "--wrap", 10);
        var only = ArgText(args, "--modes");
        var answers = ArgText(args, "--answers") is { } a ? a.Split(',').Select(x => double.Parse(x, CultureInfo.InvariantCulture)).ToArray() : new[] { 0.20, 0.35, 0.60 };
        Trace = Array.IndexOf(args, "--trace") >= 0;
        args0 = args;
        (string Name, PacingMode Mode, double Rate)[] modes =
            [("progressive", PacingMode.Progressive, 1), ("fixed 1.5", PacingMode.FixedRatio, 1.5), ("fixed 2", PacingMode.FixedRatio, 2), ("fixed 3", PacingMode.FixedRatio, 3), ("predictive", PacingMode.Predictive, 1)];
        Console.WriteLine($"| answer rate | pacing | occupancy | abandon rate | calls / agent-hour | mean customer wait (ms) | dialled |");
        Console.WriteLine("|---|---|---|---|---|---|---|");
        foreach (var answer in answers)
        {
            foreach (var (name, mode, rate) in modes)
            {
                if (only is not null && !only.Split(',').Contains(name)) continue;
                var r = RunOneAsync(answer, mode, rate, agents, minutes, seed, wrap).GetAwaiter().GetResult();
                Console.WriteLine($"| {answer:P0} | {name} | {r.Occupancy:P1} | {r.Abandon:P2} | {r.CallsPerAgentHour:F1} | {r.WaitMs:F0} | {r.Dialled} |");
            }
        }
        return 0;
    }

    private sealed record Result(double Occupancy, double Abandon, double CallsPerAgentHour, double WaitMs, long Dialled);

    private static async Task<Result> RunOneAsync(double answer, PacingMode mode, double rate, int agentCount, int minutes, int seed, int wrapUp)
    {
        var clock = new VirtualClock();
        var settings = new Dictionary<string, string?>
        {
            ["Storage:Provider"] = "Memory",
            ["Security:SecretKey"] = Convert.ToBase64String(new byte[32]),
            ["Telephony:Simulated:Seed"] = seed.ToString(CultureInfo.InvariantCulture),
            ["Recording:LocalFolder:Root"] = Path.Combine(Path.GetTempPath(), "cc-bench-blobs"),
        };
        using var host = await DialerFloor.StartAsync(settings, clock, new QuiescenceTracker());
        var grains = host.Services.GetRequiredService<IGrainFactory>();
        var network = host.Services.GetRequiredService<ISimulatedNetwork>();
        Task SettleAsync() => DialerFloor.SettleAsync(host.Services);

        const string tenant = "bench", domain = "bench.local", projectCode = "P1", taskCode = "T1";
        var usernames = await DialerFloor.ProvisionIdleAgentsAsync(host.Services, tenant, domain, projectCode, agentCount, SettleAsync);
        var gw = await grains.GetGrain<IGatewayDirectoryGrain>(IGatewayDirectoryGrain.KeyFor(tenant)).AddAsync(new GatewaySettings("bench", 2, "carrier", 1, 0, ExpectCount: 500), "G1");
        network.SetProfile("customers", new PstnProfile
        {
            AnswerProbability = answer,
            BusyProbability = 0.05,
            UnallocatedRate = 0.02,
            RingTime = DurationDistribution.LogNormal(TimeSpan.FromSeconds(8), TimeSpan.FromSeconds(4)),
            TalkTime = DurationDistribution.LogNormal(TimeSpan.FromSeconds(120), TimeSpan.FromSeconds(90)),
            Patience = DurationDistribution.Never,
        });
        network.AssignGatewayProfile(gw.Value!.SwitchName, "customers");
        await grains.GetGrain<ICallListGrain>(DialerKeys.CallList(tenant, "L1")).AppendAsync(Enumerable.Range(0, 30_000).Select(i => $"139{i:00000000}").ToList());
        var task = grains.GetGrain<IDialTaskGrain>(DialerKeys.Task(tenant, taskCode));
        var submitted = await task.SubmitAsync(new CallTaskDefinition(taskCode, projectCode, ScheduleType.ConnectAgent, TaskCallType.Predictive,
            [new TaskGateway("G1", 500)], rate, clock.GetUtcNow().AddDays(1), "L1", Pacing: mode, WrapUpSeconds: wrapUp, DailyLimit: 10));
        if (!submitted.Ok) throw new InvalidOperationException(submitted.Error + " " + submitted.Detail);
        await task.StartAsync();
        var evFrom = Arg(args0, "--events-from", -1); var evTo = Arg(args0, "--events-to", -1);
        var evStart = clock.GetUtcNow();
        using var evSub = evFrom < 0 ? null : host.Services.GetRequiredService<CallCenter.Telephony.ISwitch>().Subscribe(e =>
        {
            var at = (e.Timestamp - evStart).TotalSeconds;
            if (at >= evFrom && at <= evTo) Console.WriteLine($"  ev {at:F7} {e.GetType().Name} {e.CallId} {e.LegId}");
            return ValueTask.CompletedTask;
        });
        for (var s = 0; s < minutes * 60; s++)
        {
            await clock.AdvanceAsync(TimeSpan.FromSeconds(1), SettleAsync);
            if (Trace && (s % 60 == 59 || s < TraceFirst))
            {
                var t = (await task.GetStatusAsync()).Value!;
                Console.WriteLine($"  t={s + 1}s answered={t.Statistics.Answered} abandoned={t.Statistics.Abandoned} running={t.RunningCount} p={t.Statistics.AnswerProbability:F2} ring={t.Statistics.MeanRingSeconds:F1} talk={t.Statistics.MeanTalkSeconds:F0} last: idle={t.LastDecision?.IdleAgents} onCall={t.LastDecision?.AgentsOnCall} pending={t.LastDecision?.PendingCalls} wait={t.LastDecision?.WaitingCustomers} launched={t.LastDecision?.Launched} {t.LastDecision?.Reason}");
            }
        }
        var status = (await task.GetStatusAsync()).Value!;
        // Talk still going on at the end of the hour is agent time too (the task counts a call's talk when it ends).
        var end = clock.GetUtcNow();
        var talking = 0.0;
        foreach (var username in usernames)
        {
            if (await grains.GetGrain<IAgentGrain>(IAgentGrain.KeyFor(tenant, username)).GetAsync() is { CallId: not null, LastSessionBeginTime: { } begin } && begin <= end)
                talking += (end - begin).TotalSeconds;
        }
        await host.StopAsync();
        var st = status.Statistics;
        var agentSeconds = agentCount * minutes * 60.0;
        return new Result((st.TalkSeconds + st.WrapSeconds + talking) / agentSeconds, st.Answered == 0 ? 0 : (double)st.Abandoned / st.Answered,
            st.Connected / (agentCount * minutes / 60.0), st.Connected == 0 ? 0 : st.WaitMillisecondsTotal / st.Connected, status.TotalCount);
    }

    private static bool Trace;
    private static string[] args0 = [];
    private static int TraceFirst = 40;

    private static string? ArgText(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    private static int Arg(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
