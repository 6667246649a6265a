using System.Net;
using CallCenter.Management.CallLogs;
using CallCenter.Recordings.Tests.Support;
using CallCenter.TestSupport;

namespace CallCenter.Recordings.Tests;

/// <summary>The embedded default: the local folder is spool and archive at once, so a recording is saved where it was
/// written, kept there, streamed through the edge, and expired by retention; on SQLite and on PostgreSQL (the call-log
/// columns of both dialects).</summary>
public sealed class LocalFolderRecordingTests
{
    private const string Log = "/callcenter/callLog/api/";

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task The_local_folder_keeps_streams_and_expires_recordings(string storage)
    {
        await using var silo = await TestSilo.StartAsync(new TestSiloOptions
        {
            Storage = storage,
            Settings = { ["Recording:Upload:PollInterval"] = "00:00:00.100", ["Recording:Retention:Days"] = "30" },
        });
        var callId = await Recorded.CallAsync(silo, "demo");
        var old = await Recorded.CallAsync(silo, "demo", endedAt: DateTimeOffset.UtcNow.AddDays(-40));
        foreach (var id in new[] { callId, old })
            await Recorded.EventuallyAsync(async () => (await Recorded.RowAsync(silo, "demo", id)).RecordingState == RecordingState.Saved, $"{id} saved");
        var key = Recorded.KeyOf(await Recorded.RowAsync(silo, "demo", callId));
        var spooled = await Recorded.Spool(silo).GetInfoAsync(key);
        Assert.NotNull(spooled); // the spool is the archive: kept

        var api = new SignedClient(silo.Http, AzureSilo.DemoAccount, AzureSilo.DemoSecret);
        using var streamed = await api.SendAsync(HttpMethod.Post, Log + "getRecording/v1", ("callId", callId));
        Assert.Equal(HttpStatusCode.OK, streamed.StatusCode);
        Assert.Equal(spooled.Length, (await streamed.Content.ReadAsByteArrayAsync()).Length);
        // No signed links from a local folder: the answer says to stream instead.
        Assert.Equal(-100003, (await api.JsonAsync(HttpMethod.Get, Log + "getRecordingUrl/v1", ("callId", callId))).Code);

        Assert.Equal(1, await silo.Grains.GetGrain<IRecordingArchiveGrain>(IRecordingArchiveGrain.KeyFor("demo")).ApplyRetentionAsync());
        var expired = await Recorded.RowAsync(silo, "demo", old);
        Assert.Equal(RecordingState.Expired, expired.RecordingState);
        Assert.Null(await Recorded.Spool(silo).GetInfoAsync(Recorded.KeyOf(expired)));
        Assert.Equal(RecordingState.Saved, (await Recorded.RowAsync(silo, "demo", callId)).RecordingState);
    }
}
