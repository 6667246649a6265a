using System.Diagnostics;
using System.Diagnostics.Metrics;
using CallCenter.Grains.Management.Events;
using CallCenter.Management.CallLogs;
using CallCenter.Management.Events;
using CallCenter.Recordings;
using CallCenter.Telephony;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CallCenter.Grains.Recordings;

/// <summary>
/// The recording archive of one tenant (see <see cref="IRecordingArchiveGrain"/>), modelled on the webhook outbox: an
/// upload is persisted before <see cref="EnqueueAsync"/> returns, a timer works through the due ones oldest first while
/// any are pending, a failure holds that upload for a doubling delay (<see cref="UploadBackoff"/>), and a durable
/// reminder re-activates the grain after a restart. One grain per tenant, so one sender per recording.
/// Each upload: spool → archive, call-log row marked saved, <see cref="RecordingSaved"/> published, spool file deleted
/// (not when the archive is the spool). Every step is idempotent, so a crash between any two repeats only work.
/// A second reminder applies the tenant's retention.
/// </summary>
[GrainType("recording-archive")]
public sealed class RecordingArchiveGrain(
    [PersistentState("recording-archive")] IPersistentState<RecordingArchiveState> state,
    IBlobStore spool,
    IRecordingArchive archive,
    ICallLogRecordings callLogs,
    IOptions<RecordingUploadOptions> uploadOptions,
    IOptions<RecordingRetentionOptions> retentionOptions,
    TimeProvider clock,
    ILogger<RecordingArchiveGrain> log) : Grain, IRecordingArchiveGrain, IRemindable
{
    public const string UploadReminder = "recording-uploads";
    public const string RetentionReminder = "recording-retention";

    private static readonly Meter Meter = new("CallCenter.Recordings");
    private static readonly Counter<long> SavedCounter = Meter.CreateCounter<long>("callcenter.recordings.saved", description: "Recordings made durable in the archive");
    private static readonly Counter<long> FailedCounter = Meter.CreateCounter<long>("callcenter.recordings.upload_failures", description: "Recording upload attempts that failed and will be retried");
    private static readonly Counter<long> ExpiredCounter = Meter.CreateCounter<long>("callcenter.recordings.expired", description: "Recordings deleted by retention");

    private IDisposable? _timer;
    private bool _uploadReminderRegistered;
    private bool _retentionReminderRegistered;

    private RecordingArchiveState S => state.State;

    private RecordingUploadOptions Upload => uploadOptions.Value;

    private RecordingRetentionOptions Retention => retentionOptions.Value;

    private string TenantId => RecordingKeys.TenantOf(this.GetPrimaryKeyString());

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (S.Pending.Count > 0) await EnsureUploadingAsync();
    }

    public async Task EnqueueAsync(RecordingUpload upload)
    {
        // Only this tenant's recordings: the key names the tenant, and the archive is addressed by key alone.
        if (!RecordingKeys.BelongsTo(upload.BlobKey, TenantId))
            throw new ArgumentException($"'{upload.BlobKey}' is not a recording key of tenant {TenantId}", nameof(upload));
        if (S.Pending.Exists(p => p.BlobKey == upload.BlobKey)) return;
        if (S.Pending.Count >= Math.Max(1, Upload.QueueCapacity))
        {
            // Never drop an older one: the new recording stays in the spool, its row says pending, and an operator sees why.
            log.LogError("Recording archive of tenant {TenantId} full ({Capacity} pending): {BlobKey} stays in the spool", TenantId, Upload.QueueCapacity, upload.BlobKey);
            throw new InvalidOperationException($"the recording upload queue of tenant {TenantId} is full");
        }
        var now = clock.GetUtcNow();
        S.Pending.Add(new PendingRecordingUpload
        {
            CallId = upload.CallId,
            BlobKey = upload.BlobKey,
            ProjectCode = upload.ProjectCode,
            CallTaskCode = upload.CallTaskCode,
            EnqueuedAt = now,
            NotBefore = now,
        });
        // Persisted before the call completes: from here on a restart does not lose it.
        await state.WriteStateAsync();
        await EnsureUploadingAsync();
        await EnsureRetentionAsync();
    }

    public Task<RecordingArchiveStatus> GetStatusAsync()
        => Task.FromResult(new RecordingArchiveStatus(S.Pending.Count, S.Saved, S.Missing, S.Expired, S.LastError));

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        switch (reminderName)
        {
            case UploadReminder:
                _uploadReminderRegistered = true;
                if (S.Pending.Count == 0) await StopUploadingAsync();
                else await EnsureUploadingAsync();
                break;
            case RetentionReminder:
                _retentionReminderRegistered = true;
                await ApplyRetentionAsync();
                break;
        }
    }

    public async Task<int> ApplyRetentionAsync()
    {
        var days = Retention.DaysFor(TenantId);
        if (days <= 0) return 0;
        var cutoff = clock.GetUtcNow() - TimeSpan.FromDays(days);
        var deleted = 0;
        var limit = Math.Max(1, Retention.MaxPerSweep);
        while (deleted < limit)
        {
            var rows = await callLogs.ListRecordingsAsync(TenantId, RecordingState.Saved, cutoff, Math.Min(500, limit - deleted));
            if (rows.Count == 0) break;
            foreach (var row in rows)
            {
                if (row.Record.RecordingBlobKey is { } key && RecordingKeys.BelongsTo(key, TenantId)) await archive.DeleteAsync(key);
                await callLogs.SetRecordingStateAsync(TenantId, row.Record.CallId, RecordingState.Expired, clock.GetUtcNow());
                deleted++;
            }
        }
        if (deleted > 0)
        {
            S.Expired += deleted;
            ExpiredCounter.Add(deleted);
            await state.WriteStateAsync();
            log.LogInformation("Retention of tenant {TenantId} ({Days} days) deleted {Count} recording(s)", TenantId, days, deleted);
        }
        return deleted;
    }

    private async Task EnsureUploadingAsync()
    {
        _timer ??= this.RegisterGrainTimer(() => UploadDueAsync(), TimeSpan.Zero, Upload.PollInterval);
        if (!_uploadReminderRegistered)
        {
            await this.RegisterOrUpdateReminder(UploadReminder, Upload.ReminderPeriod, Upload.ReminderPeriod);
            _uploadReminderRegistered = true;
        }
    }

    private async Task EnsureRetentionAsync()
    {
        if (_retentionReminderRegistered || Retention.DaysFor(TenantId) <= 0) return;
        await this.RegisterOrUpdateReminder(RetentionReminder, Retention.SweepPeriod, Retention.SweepPeriod);
        _retentionReminderRegistered = true;
    }

    private async Task StopUploadingAsync()
    {
        _timer?.Dispose();
        _timer = null;
        if (await this.GetReminder(UploadReminder) is { } reminder) await this.UnregisterReminder(reminder);
        _uploadReminderRegistered = false;
    }

    /// <summary>One tick: the due uploads, oldest first, within the batch and time budget. A failure ends the tick (the
    /// archive is probably unreachable; the next upload would only fail the same way).</summary>
    private async Task UploadDueAsync()
    {
        var budget = Stopwatch.StartNew();
        var done = 0;
        while (done < Math.Max(1, Upload.BatchSize) && budget.Elapsed < Upload.TickBudget)
        {
            var now = clock.GetUtcNow();
            var next = S.Pending.Find(p => p.NotBefore <= now);
            if (next is null) break;
            done++;
            if (!await AttemptAsync(next)) break;
        }
        if (S.Pending.Count == 0) await StopUploadingAsync();
    }

    /// <returns>Whether the tick may go on with the next upload.</returns>
    private async Task<bool> AttemptAsync(PendingRecordingUpload item)
    {
        try
        {
            if (!await CopyToArchiveAsync(item)) return await NotInSpoolAsync(item);
            await callLogs.SetRecordingStateAsync(TenantId, item.CallId, RecordingState.Saved, clock.GetUtcNow());
            await GrainFactory.PublishAsync(new RecordingSaved(TenantId, clock.GetUtcNow(), item.CallId, item.BlobKey, item.ProjectCode, item.CallTaskCode));
            if (!archive.IsSpool) await spool.DeleteAsync(item.BlobKey);
            S.Pending.Remove(item);
            S.Saved++;
            S.LastError = null;
            SavedCounter.Add(1);
            await state.WriteStateAsync();
            return true;
        }
        catch (Exception e) when (e is not ArgumentException)
        {
            item.Attempts++;
            item.NotBefore = clock.GetUtcNow() + UploadBackoff.Delay(item.Attempts, Upload.FirstRetryDelay, Upload.MaxRetryDelay);
            S.LastError = $"{e.GetType().Name}: {Truncate(e.Message)}";
            FailedCounter.Add(1);
            log.LogWarning("Recording {BlobKey} of tenant {TenantId} not archived yet (attempt {Attempts}, next at {NotBefore:O}): {Reason}",
                item.BlobKey, TenantId, item.Attempts, item.NotBefore, S.LastError);
            await state.WriteStateAsync();
            return false;
        }
    }

    /// <returns>False when the recording is neither in the spool nor already in the archive.</returns>
    private async Task<bool> CopyToArchiveAsync(PendingRecordingUpload item)
    {
        if (archive.IsSpool) return await spool.GetInfoAsync(item.BlobKey) is not null;
        var info = await spool.GetInfoAsync(item.BlobKey);
        if (info is null)
        {
            // Uploaded before a crash that came before the spool file's deletion was recorded: already durable.
            return await archive.GetInfoAsync(item.BlobKey) is not null;
        }
        await using var content = await spool.OpenReadAsync(item.BlobKey);
        if (content is null) return await archive.GetInfoAsync(item.BlobKey) is not null;
        await archive.PutAsync(item.BlobKey, content, info.ContentType);
        return true;
    }

    /// <summary>The switch has not written the file (yet): looked for again with the backoff, then given up.</summary>
    private async Task<bool> NotInSpoolAsync(PendingRecordingUpload item)
    {
        var now = clock.GetUtcNow();
        if (now - item.EnqueuedAt >= Upload.MissingFileGiveUp)
        {
            log.LogWarning("Recording {BlobKey} of tenant {TenantId} never reached the spool: marked missing", item.BlobKey, TenantId);
            await callLogs.SetRecordingStateAsync(TenantId, item.CallId, RecordingState.Missing, now);
            S.Pending.Remove(item);
            S.Missing++;
            await state.WriteStateAsync();
            return true;
        }
        item.Attempts++;
        item.NotBefore = now + UploadBackoff.Delay(item.Attempts, Upload.FirstRetryDelay, Upload.MaxRetryDelay);
        await state.WriteStateAsync();
        return true;
    }

    private static string Truncate(string message) => message.Length <= 200 ? message : message[..200] + "…";
}
