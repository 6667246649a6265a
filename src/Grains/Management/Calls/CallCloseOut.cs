using CallCenter.Grains.Telemetry;
using CallCenter.Grains.Management.Events;
using CallCenter.Management.CallLogs;
using CallCenter.Management.Events;
using CallCenter.Management.Gateways;
using CallCenter.Recordings;
using Microsoft.Extensions.Logging;

namespace CallCenter.Grains.Management.Calls;

/// <summary>
/// The last step of every call, whichever grain ran it: hand the trunk channel back to the gateway (with what the call
/// billed) and write the call's one call-log row. Both are idempotent per call id, so the caller's watchdog reminder can
/// simply run this again after a failure or a crash.
/// </summary>
internal static class CallCloseOut
{
    /// <returns>False when the row could not be written yet; the caller persists its state and leaves the retry to its
    /// watchdog (the row is never lost, only late).</returns>
    public static async Task<bool> ReleaseAndLogAsync(IGrainFactory grains, ICallLogStore callLogs, CallLogRecord record, string? gatewayCode, ILogger log)
    {
        if (gatewayCode is not null)
        {
            await grains.GetGrain<IGatewayGrain>(IGatewayGrain.KeyFor(record.TenantId, gatewayCode))
                .ReleaseAsync(new GatewayRelease(record.CallId, record.BillSeconds, record.PriceCal));
        }
        try
        {
            await callLogs.AppendAsync(record);
            if (record.RecordingBlobKey is { } recording)
            {
                // After the row (which the archive marks saved); de-duplicated, so a repeated close-out queues it once.
                await grains.GetGrain<IRecordingArchiveGrain>(IRecordingArchiveGrain.KeyFor(record.TenantId))
                    .EnqueueAsync(new RecordingUpload(record.CallId, recording, record.ProjectCode, record.CallTaskCode));
            }
            CallMetrics.CallLogged(record);
        }
        catch (Exception e)
        {
            log.LogError(e, "Call {CallId}: call log not written yet; the watchdog retries", record.CallId);
            return false;
        }
        // After the row: an integration that hears of the call can read it. A retried close-out may tell it twice.
        try
        {
            await grains.PublishAsync(new CallLogged(record.TenantId, record.EndTime, record));
        }
        catch (Exception e)
        {
            // The row is the record of the call; the notification of it is not worth failing the close-out for.
            log.LogWarning(e, "Call {CallId}: logged, but the call-logged event could not be published", record.CallId);
        }
        return true;
    }
}
