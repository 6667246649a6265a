using CallCenter.Management.CallLogs;
using CallCenter.Recordings.Tests.Support;

namespace CallCenter.Recordings.Tests;

/// <summary>Storage outages against an Azurite of the test's own, stopped and started again on the same port and
/// directory: a recording made while the storage is down waits in the spool and is archived once it is back, also across
/// a restart of the silo (the reminder resumes the upload; nothing here touches the archive grain after the restart).</summary>
public sealed class AzuriteOutageTests
{
    [AzuriteFact]
    public async Task A_recording_made_during_an_outage_is_archived_when_the_storage_is_back()
    {
        await using var azurite = new OwnAzurite();
        await azurite.StartAsync();
        var container = AzureSilo.NewContainer();
        await using var silo = await AzureSilo.StartAsync(azurite.ConnectionString, container);
        var archive = silo.Grains.GetGrain<IRecordingArchiveGrain>(IRecordingArchiveGrain.KeyFor("demo"));

        await azurite.StopAsync();
        var callId = await Recorded.CallAsync(silo, "demo");
        await Recorded.EventuallyAsync(async () => (await archive.GetStatusAsync()).LastError is not null, "an upload attempt to fail");
        Assert.Equal(RecordingState.Pending, (await Recorded.RowAsync(silo, "demo", callId)).RecordingState);
        var key = Recorded.KeyOf(await Recorded.RowAsync(silo, "demo", callId));
        var spooled = (await Recorded.Spool(silo).GetInfoAsync(key))!.Length;

        await azurite.StartAsync();
        await Recorded.EventuallyAsync(async () => (await Recorded.RowAsync(silo, "demo", callId)).RecordingState == RecordingState.Saved, "the upload after the outage");
        var properties = await AzureSilo.Container(azurite.ConnectionString, container).GetBlobClient(key).GetPropertiesAsync();
        Assert.Equal(spooled, properties.Value.ContentLength);
        Assert.Equal("audio/wav", properties.Value.ContentType);
        Assert.Null(await Recorded.Spool(silo).GetInfoAsync(key));
        var status = await archive.GetStatusAsync();
        Assert.Equal((0, 1L, (string?)null), (status.Pending, status.Saved, status.LastError));
    }

    [AzuriteFact]
    public async Task A_restart_resumes_pending_uploads()
    {
        await using var azurite = new OwnAzurite();
        await azurite.StartAsync();
        var container = AzureSilo.NewContainer();
        await using var silo = await AzureSilo.StartAsync(azurite.ConnectionString, container);
        var archive = silo.Grains.GetGrain<IRecordingArchiveGrain>(IRecordingArchiveGrain.KeyFor("demo"));

        await azurite.StopAsync();
        var first = await Recorded.CallAsync(silo, "demo");
        var second = await Recorded.CallAsync(silo, "demo");
        await Recorded.EventuallyAsync(async () => (await archive.GetStatusAsync()).LastError is not null, "an upload attempt to fail");
        Assert.Equal(2, (await archive.GetStatusAsync()).Pending);

        await silo.RestartAsync();
        await azurite.StartAsync();
        // Only the call log is watched: the archive grain is activated by its reminder, not by the test.
        foreach (var callId in new[] { first, second })
        {
            await Recorded.EventuallyAsync(async () => (await Recorded.RowAsync(silo, "demo", callId)).RecordingState == RecordingState.Saved, $"the resumed upload of {callId}");
            var key = Recorded.KeyOf(await Recorded.RowAsync(silo, "demo", callId));
            Assert.True((await AzureSilo.Container(azurite.ConnectionString, container).GetBlobClient(key).ExistsAsync()).Value);
        }
    }
}
