namespace CallCenter.Grains.Recordings;

public sealed class RecordingArchiveState
{
    /// <summary>Uploads waiting, oldest first.</summary>
    public List<PendingRecordingUpload> Pending { get; set; } = [];

    public long Saved { get; set; }
    public long Missing { get; set; }
    public long Expired { get; set; }
    public string? LastError { get; set; }
}

public sealed class PendingRecordingUpload
{
    public string CallId { get; set; } = "";
    public string BlobKey { get; set; } = "";
    public string? ProjectCode { get; set; }
    public string? CallTaskCode { get; set; }
    public DateTimeOffset EnqueuedAt { get; set; }
    /// <summary>Failed attempts so far.</summary>
    public int Attempts { get; set; }
    /// <summary>Not tried again before this time (the runtime's clock).</summary>
    public DateTimeOffset NotBefore { get; set; }
}
