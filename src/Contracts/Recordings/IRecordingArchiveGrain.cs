namespace CallCenter.Recordings;

/// <summary>
/// A tenant's durable recording upload outbox and retention keeper: the one place in the cluster that copies the tenant's
/// spooled recordings into the archive, marks the call-log row's recording saved, announces it, and later deletes
/// recordings past the tenant's retention. An upload is written to the grain's persistent state before
/// <see cref="EnqueueAsync"/> completes and removed only once the blob is durable (or the spool file never appeared);
/// retries back off exponentially, and a reminder resumes them after a restart. Key: <see cref="KeyFor"/>.
/// </summary>
[Alias("recordings.IRecordingArchiveGrain")]
public interface IRecordingArchiveGrain : IGrainWithStringKey
{
    /// <summary>Queues the upload of a spooled recording (persisted before the call returns); a key already queued is
    /// ignored, so a close-out that runs twice queues it once.</summary>
    Task EnqueueAsync(RecordingUpload upload);

    Task<RecordingArchiveStatus> GetStatusAsync();

    /// <summary>Deletes, from the archive, the recordings of calls that ended before the tenant's retention; what the
    /// retention reminder runs. Returns how many were deleted.</summary>
    Task<int> ApplyRetentionAsync();

    public static string KeyFor(string tenantId) => RecordingKeys.Archive(tenantId);
}

/// <param name="CallId">The call whose call-log row names the recording.</param>
/// <param name="BlobKey">The recording's key in the spool and in the archive.</param>
/// <param name="ProjectCode">The call's project, carried into the "recording saved" event.</param>
[GenerateSerializer, Immutable, Alias("recordings.RecordingUpload")]
public sealed record RecordingUpload(string CallId, string BlobKey, string? ProjectCode = null, string? CallTaskCode = null);

/// <param name="Pending">Uploads waiting (including those between retries).</param>
/// <param name="Saved">Recordings made durable in the archive.</param>
/// <param name="Missing">Given up because the spool file never appeared (the switch did not write it).</param>
/// <param name="Expired">Deleted by retention.</param>
/// <param name="LastError">The last upload failure's reason, for operators; null after a success.</param>
[GenerateSerializer, Immutable, Alias("recordings.RecordingArchiveStatus")]
public sealed record RecordingArchiveStatus(int Pending, long Saved, long Missing, long Expired, string? LastError);
