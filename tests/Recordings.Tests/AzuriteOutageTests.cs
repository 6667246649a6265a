using CallCenter.Management.CallLogs;
using CallCenter.Recordings.Tests.Support;
using CallCenter.TestSupport;

namespace CallCenter.Recordings.Tests;

/// <summary>Storage outages against an Azurite of the test's own, stopped and started again on the same port and
/// directory: a recording made while the storage is down waits in the spool and is archived once it is back, also across
/// a restart of the silo (the reminder resumes the upload; nothing here touches the archive grain after the restart).</summary>
public sealed class AzuriteOutageTests : IAsyncLifetime
{
    private readonly OwnAzurite _azurite = new();
    private readonly string _container = AzureSilo.NewContainer();
    private TestSilo? _silo;

    private TestSilo Silo => _silo!;

    private IRecordingArchiveGrain Archive => Silo.Grains.GetGrain<IRecordingArchiveGrain>(IRecordingArchiveGrain.KeyFor("demo"));

    public async Task InitializeAsync()
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable(AzuriteFactAttribute.Variable))) return;
        await _azurite.StartAsync();
        _silo = await AzureSilo.StartAsync(_azurite.ConnectionString, _container);
    }

    public async Task DisposeAsync()
    {
        if (_silo is not null) await _silo.DisposeAsync();
        await _azurite.DisposeAsync();
    }

    /// <summary>Stops the storage, records <paramref name="calls"/> calls and waits until an upload has failed.</summary>
    private async Task<string[]> RecordDuringOutageAsync(int calls)
    {
        await _azurite.StopAsync();
        var callIds = new string[calls];
        for (var i = 0; i < calls; i++) callIds[i] = await Recorded.CallAsync(Silo, "demo");
        await Recorded.EventuallyAsync(async () => (await Archive.GetStatusAsync()).LastError is not null, "an upload attempt to fail");
        return callIds;
    }

    private Task SavedAsync(string callId)
        => Recorded.EventuallyAsync(async () => (await Recorded.RowAsync(Silo, "demo", callId)).RecordingState == RecordingState.Saved, $"the upload of {callId} after the outage");

    [AzuriteFact]
    public async Task A_recording_made_during_an_outage_is_archived_when_the_storage_is_back()
    {
        var callId = (await RecordDuringOutageAsync(1))[0];
        var row = await Recorded.RowAsync(Silo, "demo", callId);
        Assert.Equal(RecordingState.Pending, row.RecordingState);
        var key = Recorded.KeyOf(row);
        var spooled = (await Recorded.Spool(Silo).GetInfoAsync(key))!.Length;

        await _azurite.StartAsync();
        await SavedAsync(callId);
        var properties = await AzureSilo.Container(_azurite.ConnectionString, _container).GetBlobClient(key).GetPropertiesAsync();
        Assert.Equal(spooled, properties.Value.ContentLength);
        Assert.Equal("audio/wav", properties.Value.ContentType);
        Assert.Null(await Recorded.Spool(Silo).GetInfoAsync(key));
        var status = await Archive.GetStatusAsync();
        Assert.Equal((0, 1L, (string?)null), (status.Pending, status.Saved, status.LastError));
    }

    [AzuriteFact]
    public async Task A_restart_resumes_pending_uploads()
    {
        var callIds = await RecordDuringOutageAsync(2);
        Assert.Equal(2, (await Archive.GetStatusAsync()).Pending);

        await Silo.RestartAsync();
        await _azurite.StartAsync();
        // Only the call log is watched: the archive grain is activated by its reminder, not by the test.
        foreach (var callId in callIds)
        {
            await SavedAsync(callId);
            var key = Recorded.KeyOf(await Recorded.RowAsync(Silo, "demo", callId));
            Assert.True((await AzureSilo.Container(_azurite.ConnectionString, _container).GetBlobClient(key).ExistsAsync()).Value);
        }
    }
}
