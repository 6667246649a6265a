using System.Globalization;
using CallCenter.Dialer;
using CallCenter.Grains;
using CallCenter.Grains.Tenancy;
using CallCenter.Management.Agents;
using CallCenter.Management.Gateways;
using CallCenter.Management.Projects;
using CallCenter.Runtime;
using CallCenter.Storage.CallLogs;
using CallCenter.Storage.Hosting;
using CallCenter.Telephony.Recording;
using CallCenter.Telephony.Simulated;
using CallCenter.Tenancy;
using CallCenter.Time;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CallCenter.Bench;

/// <summary>
/// `bench dialer [--minutes 60] [--agents 20] [--seed 7]`: the pacing table on the simulator's virtual clock. Each run is
/// the grains + simulated network (no edge), one task dialling a large list with 20 auto-answering agents, talk time
/// lognormal mean 120 s, wrap-up 10 s, for one simulated hour, for every mode and answer rate.
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
        (string Name, PacingMode Mode, double Rate)[] modes =
            [("progressive", PacingMode.Progressive, 1), ("fixed 1.5", PacingMode.FixedRatio, 1.5), ("fixed 2", PacingMode.FixedRatio, 2), ("fixed 3", PacingMode.FixedRatio, 3), ("predictive", PacingMode.Predictive, 1)];
        Console.WriteLine($"| answer rate | pacing | occupancy | abandon rate | calls / agent-hour | mean customer wait (ms) | dialled |");
        Console.WriteLine("|---|---|---|---|---|---|---|");
        foreach (var answer in new[] { 0.20, 0.35, 0.60 })
        {
            foreach (var (name, mode, rate) in modes)
            {
                var r = RunOneAsync(answer, mode, rate, agents, minutes, seed).GetAwaiter().GetResult();
                Console.WriteLine($"| {answer:P0} | {name} | {r.Occupancy:P1} | {r.Abandon:P2} | {r.CallsPerAgentHour:F1} | {r.WaitMs:F0} | {r.Dialled} |");
            }
        }
        return 0;
    }

    private sealed record Result(double Occupancy, double Abandon, double CallsPerAgentHour, double WaitMs, long Dialled);

    private static async Task<Result> RunOneAsync(double answer, PacingMode mode, double rate, int agentCount, int minutes, int seed)
    {
        var clock = new VirtualClock();
        var settings = new Dictionary<string, string?>
        {
            ["Storage:Provider"] = "Memory",
            ["Security:SecretKey"] = Convert.ToBase64String(new byte[32]),
            ["Telephony:Simulated:Seed"] = seed.ToString(CultureInfo.InvariantCulture),
            ["Recording:LocalFolder:Root"] = Path.Combine(Path.GetTempPath(), "cc-bench-blobs"),
        };
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<TimeProvider>(clock);
        builder.Services.AddStorage(builder.Configuration.GetSection("Storage"));
        builder.Services.AddCallLogStore();
        builder.Services.AddLocalFolderBlobStore(builder.Configuration);
        builder.Services.AddSimulatedTelephony(builder.Configuration);
        builder.Services.AddGrainRuntime(typeof(TenantGrain).Assembly);
        builder.Services.AddCallCenterGrains(builder.Configuration);
        using var host = builder.Build();
        await host.StartAsync();
        var grains = host.Services.GetRequiredService<IGrainFactory>();
        var network = host.Services.GetRequiredService<ISimulatedNetwork>();
        var runtime = host.Services.GetRequiredService<IGrainRuntimeDiagnostics>();
        async Task SettleAsync()
        {
            for (var i = 0; i < 1000; i++)
            {
                var before = runtime.GetStatistics().MessagesProcessed;
                await runtime.WaitForQuiescenceAsync();
                await network.WhenIdleAsync();
                await runtime.WaitForQuiescenceAsync();
                if (runtime.GetStatistics().MessagesProcessed == before) return;
            }
        }

        const string tenant = "bench", domain = "bench.local", projectCode = "P1", taskCode = "T1";
        await grains.GetGrain<ITenantGrain>(tenant).ProvisionAsync(new TenantProvisioning("Bench", domain, new TenantSettings()));
        var project = await grains.GetGrain<IProjectGrain>(IProjectGrain.KeyFor(tenant, projectCode)).CreateAsync(new ProjectCreation(agentCount));
        for (var i = 0; i < agentCount; i++)
        {
            var grant = await grains.GetGrain<IProjectGrain>(IProjectGrain.KeyFor(tenant, projectCode)).ClaimExtensionAsync(new ExtensionClaim(project.Value!.Certificate, AgentRole.Agent, null));
            network.SetPhonePolicy(grant.Value!.Username, domain, PhoneAnswerPolicy.Immediate());
            network.RegisterPhone(grant.Value.Username, domain, grant.Value.Password);
        }
        await SettleAsync();
        await grains.GetGrain<IProjectGrain>(IProjectGrain.KeyFor(tenant, projectCode)).SetWorkStatusAllAsync(AgentWorkStatus.Idle);
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
        await grains.GetGrain<ICallListGrain>(ICallListGrain.KeyFor(tenant, "L1")).AppendAsync(Enumerable.Range(0, 30_000).Select(i => $"139{i:00000000}").ToList());
        var task = grains.GetGrain<IDialTaskGrain>(IDialTaskGrain.KeyFor(tenant, taskCode));
        var submitted = await task.SubmitAsync(new CallTaskDefinition(taskCode, projectCode, ScheduleType.ConnectAgent, TaskCallType.Predictive,
            [new TaskGateway("G1", 500)], rate, clock.GetUtcNow().AddDays(1), "L1", Pacing: mode, WrapUpSeconds: 10, DailyLimit: 10));
        if (!submitted.Ok) throw new InvalidOperationException(submitted.Error + " " + submitted.Detail);
        await task.StartAsync();
        for (var s = 0; s < minutes * 60; s++) await clock.AdvanceAsync(TimeSpan.FromSeconds(1), SettleAsync);
        var status = (await task.GetStatusAsync()).Value!;
        await host.StopAsync();
        var st = status.Statistics;
        var agentSeconds = agentCount * minutes * 60.0;
        return new Result((st.TalkSeconds + st.WrapSeconds) / agentSeconds, st.Answered == 0 ? 0 : (double)st.Abandoned / st.Answered,
            st.Connected / (agentCount * minutes / 60.0), st.Connected == 0 ? 0 : st.WaitMillisecondsTotal / st.Connected, status.TotalCount);
    }

    private static int Arg(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
