using CallCenter.Grains;
using CallCenter.Grains.Tenancy;
using CallCenter.Management.Agents;
using CallCenter.Management.Projects;
using CallCenter.Runtime;
using CallCenter.Storage.CallLogs;
using CallCenter.Storage.Hosting;
using CallCenter.Telephony.Recording;
using CallCenter.Telephony.Simulated;
using CallCenter.Tenancy;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CallCenter.Bench;

/// <summary>
/// The control plane as the dialer benchmarks run it — grains, runtime, storage and the simulated network in one host,
/// without the HTTP/STOMP edge — and the set-up every dialer run starts with.
/// </summary>
internal static class DialerFloor
{
    /// <param name="configureStorage">Runs right after storage is registered (decorators, a call-log store of its own).</param>
    /// <param name="minimumLogLevel">Null: no logs at all.</param>
    public static async Task<IHost> StartAsync(IDictionary<string, string?> settings, TimeProvider clock, Action<IServiceCollection>? configureStorage = null, LogLevel? minimumLogLevel = null)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.ClearProviders();
        if (minimumLogLevel is { } level) builder.Logging.AddSimpleConsole().SetMinimumLevel(level);
        builder.Services.AddSingleton(clock);
        builder.Services.AddStorage(builder.Configuration.GetSection("Storage"));
        configureStorage?.Invoke(builder.Services);
        builder.Services.AddCallLogStore();
        builder.Services.AddLocalFolderBlobStore(builder.Configuration);
        builder.Services.AddSimulatedTelephony(builder.Configuration);
        builder.Services.AddGrainRuntime(typeof(TenantGrain).Assembly);
        builder.Services.AddCallCenterGrains(builder.Configuration);
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    /// <summary>Until grains and the simulated network have nothing left to do (each can hand work to the other).</summary>
    public static async Task SettleAsync(IServiceProvider services)
    {
        var runtime = services.GetRequiredService<IGrainRuntimeDiagnostics>();
        var network = services.GetRequiredService<ISimulatedNetwork>();
        for (var i = 0; i < 1000; i++)
        {
            var before = runtime.GetStatistics().MessagesProcessed;
            await runtime.WaitForQuiescenceAsync();
            await network.WhenIdleAsync();
            await runtime.WaitForQuiescenceAsync();
            if (runtime.GetStatistics().MessagesProcessed == before) return;
        }
    }

    /// <summary>A tenant and a project whose <paramref name="count"/> agents have registered phones that answer at once,
    /// all idle.</summary>
    /// <returns>The agents' extensions.</returns>
    public static async Task<List<string>> ProvisionIdleAgentsAsync(IServiceProvider services, string tenant, string domain, string projectCode, int count)
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
        await SettleAsync(services);
        await projectGrain.SetWorkStatusAllAsync(AgentWorkStatus.Idle);
        return usernames;
    }
}
