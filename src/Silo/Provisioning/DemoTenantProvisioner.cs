using CallCenter.Grains.Tenancy;
using CallCenter.Tenancy;
using Microsoft.Extensions.Options;

namespace CallCenter.Silo.Provisioning;

/// <summary>Creates the demo tenant at start-up if it is enabled and does not exist yet (idempotent across restarts).</summary>
internal sealed class DemoTenantProvisioner(
    IGrainFactory grains,
    IOptions<DemoTenantOptions> options,
    IEnumerable<IDemoTenantSeed> seeds,
    IConfiguration configuration,
    ILogger<DemoTenantProvisioner> log) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var demo = options.Value;
        if (!demo.Enabled) return;
        var profile = await grains.GetGrain<ITenantGrain>(demo.TenantId)
            .ProvisionAsync(new TenantProvisioning(demo.Name, demo.SipDomain, new TenantSettings(AllowAnonymousStomp: demo.AllowAnonymousStomp)));
        if (!string.IsNullOrEmpty(demo.ApiKey)) await grains.GetGrain<IApiKeyGrain>(IApiKeyGrain.KeyFor(demo.ApiKey)).AssignAsync(demo.TenantId);
        foreach (var seed in seeds) await seed.SeedAsync(demo.TenantId, grains, configuration.GetSection("DemoTenant"), cancellationToken);
        log.LogInformation("Demo tenant {TenantId} ready (SIP domain {SipDomain})", profile.TenantId, profile.SipDomain);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
