using System.Net;
using System.Net.Sockets;
using CallCenter.Grains;
using CallCenter.Grains.Tenancy;
using CallCenter.Management.Agents;
using CallCenter.Management.Projects;
using CallCenter.Runtime.Diagnostics;
using CallCenter.Runtime.Hosting;
using CallCenter.Storage.CallLogs;
using CallCenter.Storage.Hosting;
using CallCenter.Telephony.Recording;
using CallCenter.Telephony.Simulated;
using CallCenter.Tenancy;
using CallCenter.Time;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.Hosting;

namespace CallCenter.Bench;

/// <summary>
/// The control plane as the dialer benchmarks run it — an Orleans silo (localhost clustering on free loopback ports)
/// with the domain grains, the project's storage (<c>AddCallCenterStorage</c>, chosen by the <c>Storage</c> settings)
/// and the simulated network in one host, without the HTTP/STOMP edge — and the set-up every dialer run starts with.
/// The silo is configured as <c>src/Silo/Hosting/SiloHost.cs</c> configures it (reminder period 1 s).
/// </summary>
internal static class DialerFloor
{
    /// <param name="clock">The host's <see cref="TimeProvider"/>: <see cref="TimeProvider.System"/>, or a
    /// <see cref="VirtualClock"/> together with a <paramref name="tracker"/>.</param>
    /// <param name="tracker">Counts the silo's work (<c>AddQuiescenceTracking</c>) so that <see cref="SettleAsync"/> can wait
    /// for it; with a virtual clock it also moves grain timers and reminders onto that clock. Null: nothing tracked.</param>
    /// <param name="configureServices">Runs after storage is registered (decorators, a call-log store of its own).</param>
    /// <param name="minimumLogLevel">Null: no logs at all.</param>
    public static async Task<IHost> StartAsync(IDictionary<string, string?> settings, TimeProvider clock, QuiescenceTracker? tracker = null,
        Action<IServiceCollection>? configureServices = null, LogLevel? minimumLogLevel = null, Action<ISiloBuilder>? configureSilo = null)
    {
        for (var attempt = 1; ; attempt++)
        {
            var host = Build(settings, clock, tracker, configureServices, minimumLogLevel, configureSilo);
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

    private static IHost Build(IDictionary<string, string?> settings, TimeProvider clock, QuiescenceTracker? tracker,
        Action<IServiceCollection>? configureServices, LogLevel? minimumLogLevel, Action<ISiloBuilder>? configureSilo)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, EnvironmentName = "Bench" });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.ClearProviders();
        if (minimumLogLevel is { } level) builder.Logging.AddSimpleConsole().SetMinimumLevel(level);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(30));
        builder.Services.AddSingleton(clock);
        builder.Services.TryAddSingleton<IBackgroundWork>(NoBackgroundWork.Instance);
        builder.UseOrleans(silo =>
        {
            silo.UseLocalhostClustering(FreePort(), FreePort());
            silo.Configure<ReminderOptions>(o => o.MinimumReminderPeriod = TimeSpan.FromSeconds(1));
            silo.AddCallCenterStorage(builder.Configuration.GetSection("Storage"));
            if (tracker is not null) silo.AddQuiescenceTracking(tracker, clock as VirtualClock);
            configureSilo?.Invoke(silo);
        });
        configureServices?.Invoke(builder.Services);
        builder.Services.AddCallLogStore();
        builder.Services.AddLocalFolderBlobStore(builder.Configuration);
        builder.Services.AddSimulatedTelephony(builder.Configuration);
        builder.Services.AddCallCenterGrains(builder.Configuration);
        return builder.Build();
    }

    /// <summary>Until grains and the simulated network have nothing left to do (each can hand work to the other).</summary>
    public static async Task SettleAsync(IServiceProvider services)
    {
        var tracker = services.GetRequiredService<QuiescenceTracker>();
        var network = services.GetRequiredService<ISimulatedNetwork>();
        for (var round = 0; round < 1000; round++)
        {
            var before = tracker.Version;
            await WhenIdleAsync(tracker);
            await network.WhenIdleAsync();
            await WhenIdleAsync(tracker);
            if (tracker.Version == before) return;
        }
        throw new InvalidOperationException("the silo did not settle after 1000 rounds: " + tracker.Describe());
    }

    private static async Task WhenIdleAsync(QuiescenceTracker tracker)
    {
        try
        {
            await tracker.WhenIdleAsync().WaitAsync(TimeSpan.FromSeconds(60));
        }
        catch (TimeoutException)
        {
            throw new TimeoutException("the silo did not settle within 60 s; outstanding: " + tracker.Describe());
        }
    }

    /// <summary>A tenant and a project whose <paramref name="count"/> agents have registered phones that answer at once,
    /// all idle.</summary>
    /// <param name="settle">Waits for the registrations to reach the grains (virtual time); null: wait until every agent
    /// grain has seen its phone register (real time).</param>
    /// <returns>The agents' extensions.</returns>
    public static async Task<List<string>> ProvisionIdleAgentsAsync(IServiceProvider services, string tenant, string domain, string projectCode, int count, Func<Task>? settle)
    {
        var grains = services.GetRequiredService<IGrainFactory>();
        var network = services.GetRequiredService<ISimulatedNetwork>();
        await grains.GetGrain<ITenantGrain>(tenant).ProvisionAsync(new TenantProvisioning("Bench", domain, new TenantSettings()));
        var projectGrain = grains.GetGrain<IProjectGrain>(IProjectGrain.KeyFor(tenant, projectCode));
        var project = await projectGrain.CreateAsync(new ProjectCreation(count));
        var usernames = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var grant = await projectGrain.ClaimExtensionAsync(new ExtensionClaim(project.Value!.Certificate, AgentRole.Agent, null));
            network.SetPhonePolicy(grant.Value!.Username, domain, PhoneAnswerPolicy.Immediate());
            network.RegisterPhone(grant.Value.Username, domain, grant.Value.Password);
            usernames.Add(grant.Value.Username);
        }
        if (settle is not null) await settle();
        else await WaitForRegistrationsAsync(grains, tenant, usernames);
        await projectGrain.SetWorkStatusAllAsync(AgentWorkStatus.Idle);
        return usernames;
    }

    /// <summary>Real time has no quiescence to wait for: poll the agent grains until every phone's registration arrived
    /// (set-up only, before anything is measured).</summary>
    private static async Task WaitForRegistrationsAsync(IGrainFactory grains, string tenant, List<string> usernames)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        var pending = usernames.ToList();
        while (pending.Count > 0)
        {
            var states = await Task.WhenAll(pending.Select(u => grains.GetGrain<IAgentGrain>(IAgentGrain.KeyFor(tenant, u)).GetAsync()));
            pending = pending.Where((_, i) => states[i] is not { Registered: true }).ToList();
            if (pending.Count == 0) return;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"{pending.Count} agents' phones did not register within 60 s");
            await Task.Delay(50);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
