using System.Collections.Concurrent;
using System.Globalization;
using Orleans.Storage;
using CallCenter.Storage.Sql;

namespace CallCenter.Storage.Memory;

/// <summary>Grain state in a dictionary: for unit tests only (nothing survives the process). ETags are a counter shared by
/// all records of the instance, so they never repeat (not even after a clear).</summary>
public sealed class MemoryGrainStateStore : IGrainStateStore
{
    private readonly ConcurrentDictionary<GrainStateId, GrainStateRecord> _records = new();
    private long _version;

    public Task<GrainStateRecord?> ReadAsync(GrainStateId id, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (!_records.TryGetValue(id, out var record)) return Task.FromResult<GrainStateRecord?>(null);
        // A copy: the caller must not be able to change what is "stored" by mutating the array it was handed.
        return Task.FromResult<GrainStateRecord?>(record with { Payload = record.Payload.ToArray() });
    }

    public Task<string> WriteAsync(GrainStateId id, ReadOnlyMemory<byte> payload, string? expectedETag, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var etag = Interlocked.Increment(ref _version).ToString(CultureInfo.InvariantCulture);
        var record = new GrainStateRecord(payload.ToArray(), etag);
        if (expectedETag is null)
        {
            if (!_records.TryAdd(id, record)) throw Conflicts.Write(id, expectedETag, _records.GetValueOrDefault(id)?.ETag);
            return Task.FromResult(etag);
        }
        if (!_records.TryGetValue(id, out var current) || current.ETag != expectedETag || !_records.TryUpdate(id, record, current))
            throw Conflicts.Write(id, expectedETag, _records.GetValueOrDefault(id)?.ETag);
        return Task.FromResult(etag);
    }

    public Task ClearAsync(GrainStateId id, string? expectedETag, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (!_records.TryGetValue(id, out var current))
        {
            if (expectedETag is not null) throw Conflicts.Clear(id, expectedETag, null);
            return Task.CompletedTask;
        }
        if (current.ETag != expectedETag || !_records.TryRemove(new KeyValuePair<GrainStateId, GrainStateRecord>(id, current)))
            throw Conflicts.Clear(id, expectedETag, _records.GetValueOrDefault(id)?.ETag); // the ETag now, not the one seen before a lost race
        return Task.CompletedTask;
    }
}
