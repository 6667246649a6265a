namespace CallCenter.Management.CallLogs;

/// <summary>The recording columns of the call log: set by the tenant's recording archive grain as a recording becomes
/// durable or expires, and the retention query. Every call is scoped to one tenant.</summary>
public interface ICallLogRecordings
{
    /// <summary>Sets the state of the call's recording (and, for <see cref="RecordingState.Saved"/>, when).</summary>
    /// <returns>False when the tenant has no row for the call.</returns>
    Task<bool> SetRecordingStateAsync(string tenantId, string callId, RecordingState state, DateTimeOffset at, CancellationToken cancellationToken = default);

    /// <summary>Rows of the tenant whose recording is <paramref name="state"/> and whose call ended before
    /// <paramref name="endedBefore"/>, oldest first, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<CallLogEntry>> ListRecordingsAsync(string tenantId, RecordingState state, DateTimeOffset endedBefore, int limit, CancellationToken cancellationToken = default);
}
