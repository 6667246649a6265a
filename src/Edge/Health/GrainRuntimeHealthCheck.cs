using CallCenter.Tenancy;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CallCenter.Edge.Health;

/// <summary>Healthy when a grain call (which also reads storage on first activation) completes within the check's time.</summary>
internal sealed class GrainRuntimeHealthCheck(IGrainFactory grains) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var tenants = await grains.GetGrain<ITenantDirectoryGrain>(ITenantDirectoryGrain.Key).ListAsync().WaitAsync(TimeSpan.FromSeconds(5), cancellationToken);
            return HealthCheckResult.Healthy($"{tenants.Count} tenant(s)");
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy("grain runtime did not answer", e);
        }
    }
}
