using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Orleans;
using Orleans.Runtime;
using Orleans.Storage;

namespace CallCenter.Storage.Hosting;

/// <summary>
/// Readiness of the grain storage: reads and writes one probe record (per host name) through the same
/// <see cref="IGrainStorage"/> the grains use, so a database that answers reads but refuses writes (read-only replica,
/// full disk) is caught. A lost race with another silo's probe (an ETag conflict) still proves the storage answers.
/// </summary>
public sealed class GrainStorageHealthCheck([FromKeyedServices(GrainStorageHealthCheck.StorageName)] IGrainStorage storage, TimeProvider clock) : IHealthCheck
{
    public const string StorageName = "Default";

    private static readonly GrainId Probe = GrainId.Create("callcenter-probe", Environment.MachineName.ToLowerInvariant());

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var state = new GrainState<DateTimeOffset>();
            await storage.ReadStateAsync("probe", Probe, state).WaitAsync(TimeSpan.FromSeconds(5), cancellationToken);
            state.State = clock.GetUtcNow();
            await storage.WriteStateAsync("probe", Probe, state).WaitAsync(TimeSpan.FromSeconds(5), cancellationToken);
            return HealthCheckResult.Healthy("read and write answered");
        }
        catch (InconsistentStateException)
        {
            return HealthCheckResult.Healthy("answered (another silo wrote the probe meanwhile)");
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy("grain storage did not answer", e);
        }
    }
}
