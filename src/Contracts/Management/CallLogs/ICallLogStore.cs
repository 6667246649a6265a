namespace CallCenter.Management.CallLogs;

/// <summary>
/// Where call logs live: a SQL table (SQLite in the embedded run, PostgreSQL in production), append-only and durable
/// before the writer acknowledges. Every query is scoped to one tenant.
/// </summary>
public interface ICallLogStore
{
    /// <summary>Stores the row unless the tenant already has one for the call.</summary>
    /// <returns>The row's id (the existing one for a repeated write).</returns>
    Task<long> AppendAsync(CallLogRecord record, CancellationToken cancellationToken = default);

    Task<CallLogEntry?> GetAsync(string tenantId, string callId, CancellationToken cancellationToken = default);

    /// <summary>getList: newest first.</summary>
    Task<CallLogPage> QueryAsync(CallLogQuery query, CancellationToken cancellationToken = default);

    /// <summary>getListByResult: the task's calls with one of the detail codes, up to and including
    /// <see cref="RecallQuery.LastId"/>, oldest first.</summary>
    Task<CallLogPage> QueryForRecallAsync(RecallQuery query, CancellationToken cancellationToken = default);
}

[GenerateSerializer, Alias("management.calllogs.CallLogTimeField")]
public enum CallLogTimeField
{
    StartTime = 1,
    EndTime = 2,
}

/// <param name="Page">1-based.</param>
/// <param name="From">Inclusive.</param>
/// <param name="To">Inclusive.</param>
[GenerateSerializer, Immutable, Alias("management.calllogs.CallLogQuery")]
public sealed record CallLogQuery(
    string TenantId,
    int Page,
    int PageSize,
    string? ProjectCode = null,
    string? CallTaskCode = null,
    CallLogTimeField TimeField = CallLogTimeField.StartTime,
    DateTimeOffset? From = null,
    DateTimeOffset? To = null);

/// <param name="LastId">Only rows with an id up to this (the list as it was when the recall was prepared); 0: no bound.</param>
[GenerateSerializer, Immutable, Alias("management.calllogs.RecallQuery")]
public sealed record RecallQuery(string TenantId, string CallTaskCode, IReadOnlyList<int> ResultDetails, long LastId, int Page, int PageSize);

[GenerateSerializer, Immutable, Alias("management.calllogs.CallLogPage")]
public sealed record CallLogPage(long Total, IReadOnlyList<CallLogEntry> Items);
