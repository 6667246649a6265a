using CallCenter.Management.CallLogs;

namespace CallCenter.Storage.CallLogs;

/// <summary><see cref="ICallLogStore"/> in a list, for the in-memory storage provider (tests only: nothing survives the
/// process). Same semantics as the SQL store: unique per tenant and call, ids ascending from 1.</summary>
public sealed class MemoryCallLogStore(TimeProvider clock) : ICallLogStore, ICallLogRecordings
{
    private readonly Lock _lock = new();
    private readonly List<CallLogEntry> _rows = [];

    public Task<long> AppendAsync(CallLogRecord record, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            var existing = _rows.Find(e => e.Record.TenantId == record.TenantId && e.Record.CallId == record.CallId);
            if (existing is not null) return Task.FromResult(existing.Id);
            var now = DateTimeOffset.FromUnixTimeMilliseconds(clock.GetUtcNow().ToUnixTimeMilliseconds());
            var entry = new CallLogEntry(_rows.Count + 1, record, now, now, record.RecordingBlobKey is null ? RecordingState.None : RecordingState.Pending);
            _rows.Add(entry);
            return Task.FromResult(entry.Id);
        }
    }

    public Task<CallLogEntry?> GetAsync(string tenantId, string callId, CancellationToken cancellationToken = default)
    {
        lock (_lock) return Task.FromResult(_rows.Find(e => e.Record.TenantId == tenantId && e.Record.CallId == callId));
    }

    public Task<CallLogPage> QueryAsync(CallLogQuery query, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            var end = query.TimeField == CallLogTimeField.EndTime;
            var matches = _rows.Where(e => e.Record.TenantId == query.TenantId
                    && (query.ProjectCode is null || e.Record.ProjectCode == query.ProjectCode)
                    && (query.CallTaskCode is null || e.Record.CallTaskCode == query.CallTaskCode)
                    && (query.From is null || Time(e, end) >= query.From.Value.ToUnixTimeMilliseconds())
                    && (query.To is null || Time(e, end) <= query.To.Value.ToUnixTimeMilliseconds()))
                .OrderByDescending(e => e.Id)
                .ToList();
            return Task.FromResult(Page(matches, query.Page, query.PageSize));
        }
    }

    public Task<CallLogPage> QueryForRecallAsync(RecallQuery query, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            var matches = _rows.Where(e => e.Record.TenantId == query.TenantId
                    && e.Record.CallTaskCode == query.CallTaskCode
                    && (query.ResultDetails.Count == 0 || query.ResultDetails.Contains(e.Record.ResultDetail))
                    && (query.LastId <= 0 || e.Id <= query.LastId))
                .OrderBy(e => e.Id)
                .ToList();
            return Task.FromResult(Page(matches, query.Page, query.PageSize));
        }
    }

    public Task<bool> SetRecordingStateAsync(string tenantId, string callId, RecordingState state, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            var index = _rows.FindIndex(e => e.Record.TenantId == tenantId && e.Record.CallId == callId);
            if (index < 0) return Task.FromResult(false);
            var row = _rows[index];
            _rows[index] = row with
            {
                RecordingState = state,
                RecordingSavedAt = state == RecordingState.Saved ? DateTimeOffset.FromUnixTimeMilliseconds(at.ToUnixTimeMilliseconds()) : row.RecordingSavedAt,
                UpdateTime = DateTimeOffset.FromUnixTimeMilliseconds(clock.GetUtcNow().ToUnixTimeMilliseconds()),
            };
            return Task.FromResult(true);
        }
    }

    public Task<IReadOnlyList<CallLogEntry>> ListRecordingsAsync(string tenantId, RecordingState state, DateTimeOffset endedBefore, int limit, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            IReadOnlyList<CallLogEntry> matches = _rows
                .Where(e => e.Record.TenantId == tenantId && e.RecordingState == state && e.Record.EndTime < endedBefore)
                .OrderBy(e => e.Record.EndTime).ThenBy(e => e.Id)
                .Take(Math.Clamp(limit, 1, 10_000))
                .ToList();
            return Task.FromResult(matches);
        }
    }

    private static long Time(CallLogEntry e, bool end) => (end ? e.Record.EndTime : e.Record.StartTime).ToUnixTimeMilliseconds();

    private static CallLogPage Page(List<CallLogEntry> matches, int page, int pageSize)
    {
        page = Math.Max(1, page);
        pageSize = Math.Clamp(pageSize, 1, 10_000);
        return new CallLogPage(matches.Count, matches.Skip((page - 1) * pageSize).Take(pageSize).ToList());
    }
}
