using CallCenter.Telephony;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CallCenter.Silo.Hosting;

/// <summary>Readiness of the switch connection: a round trip to the media server (listing its live legs), which fails
/// while FreeSWITCH's event socket is down or reconnecting.</summary>
internal sealed class SwitchHealthCheck(ISwitch telephony) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var legs = await telephony.ListLegsAsync(cancellationToken).WaitAsync(TimeSpan.FromSeconds(5), cancellationToken);
            return HealthCheckResult.Healthy($"{legs.Count} live leg(s)");
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy("switch did not answer: " + e.Message);
        }
    }
}
