using CallCenter.Grains.Tenancy;
using CallCenter.Management.Accounts;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace CallCenter.Grains.Management.Accounts;

/// <summary>
/// Gives the demo tenant a management-API account whose secret is published in the README, so the signed curl examples
/// work on the embedded run as written. Settings: <c>DemoTenant:ManagementAccount</c>, <c>DemoTenant:ManagementSecret</c>.
/// </summary>
internal sealed class DemoApiAccountSeed(ILogger<DemoApiAccountSeed> log) : IDemoTenantSeed
{
    public const string DefaultAccount = "demo";
    public const string DefaultSecret = "demo-management-secret-change-me";

    public async Task SeedAsync(string tenantId, IGrainFactory grains, IConfiguration demoSection, CancellationToken cancellationToken)
    {
        var account = demoSection["ManagementAccount"] is { Length: > 0 } a ? a : DefaultAccount;
        var secret = demoSection["ManagementSecret"] is { Length: > 0 } s ? s : DefaultSecret;
        var result = await grains.GetGrain<IManagementTenantGrain>(IManagementTenantGrain.KeyFor(tenantId)).AddApiAccountAsync(account, secret);
        // Never log the secret; the README says where it comes from.
        if (result.Ok) log.LogInformation("Demo tenant {TenantId}: management API account {Account} ready", tenantId, account);
        else log.LogWarning("Demo tenant {TenantId}: management API account {Account} not created ({Error})", tenantId, account, result.Error);
    }
}
