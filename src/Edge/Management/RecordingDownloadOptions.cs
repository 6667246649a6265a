namespace CallCenter.Edge.Management;

/// <summary>Section "Recording:Download": how the edge hands out recordings.</summary>
public sealed class RecordingDownloadOptions
{
    public const string SectionName = "Recording:Download";

    /// <summary>How long a signed link (Azure: a read-only SAS for the one blob) from getRecordingUrl stays valid.</summary>
    public TimeSpan LinkLifetime { get; set; } = TimeSpan.FromMinutes(15);
}
