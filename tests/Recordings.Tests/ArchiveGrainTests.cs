using CallCenter.Management.CallLogs;
using CallCenter.Recordings.Tests.Support;
using CallCenter.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CallCenter.Recordings.Tests;

/// <summary>The tenant's archive grain against an in-memory archive that can be taken down, on virtual time: the retry
/// schedule, what an outage does and does not lose, and the files that never arrive.</summary>
public sealed class ArchiveGrainTests : IAsyncLifetime
{
    private FlakyArchive _archive = null!;
    private TestSilo _silo = null!;

    public async Task InitializeAsync()
    {
        _silo = await TestSilo.StartAsync(new TestSiloOptions
        {
            VirtualTime = true,
            ConfigureServices = services =>
            {
                services.RemoveAll<IRecordingArchive>();
                services.AddSingleton<IRecordingArchive>(sp => _archive = new FlakyArchive(sp.GetRequiredService<TimeProvider>()));
            },
            Settings =
            {
                ["Recording:Upload:FirstRetryDelay"] = "00:00:02",
                ["Recording:Upload:MaxRetryDelay"] = "00:00:16",
                ["Recording:Upload:PollInterval"] = "00:00:00.100",
                ["Recording:Upload:MissingFileGiveUp"] = "00:01:00",
            },
        });
        _ = _silo.Services.GetRequiredService<IRecordingArchive>();
    }

    public async Task DisposeAsync() => await _silo.DisposeAsync();

    private IRecordingArchiveGrain Archive(string tenant = "demo") => _silo.Grains.GetGrain<IRecordingArchiveGrain>(IRecordingArchiveGrain.KeyFor(tenant));

    [Fact]
    public async Task An_outage_delays_the_upload_with_doubling_waits_and_loses_nothing()
    {
        _archive.Down = true;
        var callId = await Recorded.CallAsync(_silo, "demo");
        await _silo.SettleAsync();
        var key = Recorded.KeyOf(await Recorded.RowAsync(_silo, "demo", callId));

        await _silo.AdvanceAsync(TimeSpan.FromSeconds(15));
        var attempts = _archive.Attempts.ToArray();
        Assert.Equal(4, attempts.Length); // at 0, 2, 6 and 14 s
        var waits = attempts.Zip(attempts.Skip(1), (a, b) => (b - a).TotalSeconds).ToArray();
        Assert.All(waits.Zip([2.0, 4.0, 8.0]), w => Assert.InRange(w.First, w.Second, w.Second + 0.2));
        var status = await Archive().GetStatusAsync();
        Assert.Equal(1, status.Pending);
        Assert.Contains("storage unreachable", status.LastError);
        Assert.Equal(RecordingState.Pending, (await Recorded.RowAsync(_silo, "demo", callId)).RecordingState);
        Assert.NotNull(await Recorded.Spool(_silo).GetInfoAsync(key)); // still in the spool

        _archive.Down = false;
        await _silo.AdvanceAsync(TimeSpan.FromSeconds(16));
        Assert.Contains(key, _archive.Keys);
        var row = await Recorded.RowAsync(_silo, "demo", callId);
        Assert.Equal(RecordingState.Saved, row.RecordingState);
        Assert.NotNull(row.RecordingSavedAt);
        Assert.Null(await Recorded.Spool(_silo).GetInfoAsync(key)); // the spool is emptied once the blob is durable
        status = await Archive().GetStatusAsync();
        Assert.Equal((0, 1L, (string?)null), (status.Pending, status.Saved, status.LastError));
    }

    [Fact]
    public async Task A_recording_queued_twice_is_uploaded_once_and_another_tenants_key_is_refused()
    {
        _archive.Down = true; // hold it in the queue while it is queued again
        var callId = await Recorded.CallAsync(_silo, "demo");
        var key = Recorded.KeyOf(await Recorded.RowAsync(_silo, "demo", callId));
        await Archive().EnqueueAsync(new RecordingUpload(callId, key));
        Assert.Equal(1, (await Archive().GetStatusAsync()).Pending);
        _archive.Down = false;
        await _silo.AdvanceAsync(TimeSpan.FromSeconds(5));
        Assert.Equal([key], _archive.Keys);
        Assert.Equal(1, (await Archive().GetStatusAsync()).Saved);

        var foreign = RecordingKeys.Recording("other", new DateOnly(2026, 1, 1), "x1");
        await Assert.ThrowsAsync<ArgumentException>(() => Archive().EnqueueAsync(new RecordingUpload("x1", foreign)));
    }

    [Fact]
    public async Task A_file_the_switch_never_wrote_is_looked_for_then_marked_missing()
    {
        var callId = await Recorded.CallAsync(_silo, "demo", spool: false);
        await _silo.AdvanceAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(RecordingState.Pending, (await Recorded.RowAsync(_silo, "demo", callId)).RecordingState);
        await _silo.AdvanceAsync(TimeSpan.FromSeconds(45));
        Assert.Equal(RecordingState.Missing, (await Recorded.RowAsync(_silo, "demo", callId)).RecordingState);
        var status = await Archive().GetStatusAsync();
        Assert.Equal((0, 1L), (status.Pending, status.Missing));
        Assert.Empty(_archive.Attempts);
    }
}
