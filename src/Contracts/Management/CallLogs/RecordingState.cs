namespace CallCenter.Management.CallLogs;

/// <summary>Where a call's recording is, as its call-log row says (<c>recording_state</c>).</summary>
[GenerateSerializer, Alias("management.calllogs.RecordingState")]
public enum RecordingState
{
    /// <summary>The call was not recorded.</summary>
    None = 0,
    /// <summary>Recorded, in the silo's spool, not yet durable in the archive.</summary>
    Pending = 1,
    /// <summary>Durable in the archive ("recording saved").</summary>
    Saved = 2,
    /// <summary>Deleted by the tenant's retention.</summary>
    Expired = 3,
    /// <summary>The switch never produced the file; nothing to archive.</summary>
    Missing = 4,
}
