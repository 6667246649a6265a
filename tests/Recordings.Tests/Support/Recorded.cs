using CallCenter.Management.Agents;
using CallCenter.Management.CallLogs;
using CallCenter.Telephony;
using CallCenter.Telephony.Recording;
using CallCenter.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace CallCenter.Recordings.Tests.Support;

/// <summary>What the end of a recorded call leaves, step by step as the system does it: the switch writes the WAV into
/// the spool, the call's grain writes the call-log row and queues the upload (<c>CallCloseOut</c>).</summary>
public static class Recorded
{
    public static async Task<string> CallAsync(TestSilo silo, string tenant, DateTimeOffset? endedAt = null, string? callId = null, bool spool = true)
    {
        callId ??= Guid.NewGuid().ToString();
        var ended = endedAt ?? silo.Services.GetRequiredService<TimeProvider>().GetUtcNow();
        var key = RecordingKeys.Recording(tenant, ended, TimeSpan.FromHours(8), callId);
        if (spool) await Spool(silo).PutAsync(key, new ToneRecordingStream(TimeSpan.FromSeconds(2)), ContentTypes.Wav);
        await silo.Services.GetRequiredService<ICallLogStore>().AppendAsync(new CallLogRecord(
            tenant, callId, AgentCallKind.Manual, "rec", null, "1000", "13800138000", key, ended.AddSeconds(-30), ended,
            30, 20, "6|10", 40m, CallResults.Success, CallResultDetails.CustomerHungUp, null, "NORMAL_CLEARING", null));
        await silo.Grains.GetGrain<IRecordingArchiveGrain>(IRecordingArchiveGrain.KeyFor(tenant)).EnqueueAsync(new RecordingUpload(callId, key, "rec"));
        return callId;
    }

    public static IBlobStore Spool(TestSilo silo) => silo.Services.GetRequiredService<IBlobStore>();

    public static async Task<CallLogEntry> RowAsync(TestSilo silo, string tenant, string callId)
        => (await silo.Services.GetRequiredService<ICallLogStore>().GetAsync(tenant, callId))!;

    public static string KeyOf(CallLogEntry row) => row.Record.RecordingBlobKey!;

    /// <summary>Polls (real time) until <paramref name="condition"/> holds; fails, naming what it waited for, after a
    /// generous bound. Not a speed assertion: the bound only keeps a broken test from hanging.</summary>
    public static async Task EventuallyAsync(Func<Task<bool>> condition, string what, TimeSpan? within = null)
    {
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(90));
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) Assert.Fail($"timed out waiting for {what}");
            await Task.Delay(100);
        }
    }
}
