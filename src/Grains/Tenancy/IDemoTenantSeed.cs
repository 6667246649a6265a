
namespace CallCenter.Grains.Tenancy;

/// <summary>
/// Something a dialect adds to the demo tenant after it is provisioned (an API account and secret, a project...), so that
/// the spec's examples work as written on the embedded run. Register with <c>services.AddSingleton&lt;IDemoTenantSeed, T&gt;()</c>;
/// seeds run in registration order on every start and must be idempotent.
/// </summary>
public interface IDemoTenantSeed
{
    /// <param name="demoSection">The "DemoTenant" configuration section, for seed-specific settings.</param>
    Task SeedAsync(string tenantId, IGrainFactory grains, Microsoft.Extensions.Configuration.IConfiguration demoSection, CancellationToken cancellationToken);
}
