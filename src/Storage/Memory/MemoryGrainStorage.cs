using System.Collections.Concurrent;
using CallCenter.Runtime.Storage;

namespace CallCenter.Storage.Memory;

/// <summary>Grain state in a dictionary: for unit tests only (nothing survives the process).</summary>
public sealed class MemoryGrainStorage : IGrainStorage
{
    private readonly ConcurrentDictionary<GrainStateId, GrainStateRecord> _records = new();
    private long _version;

    public Task<GrainStateRecord?> ReadAsync(GrainStateId id, CancellationToken cancellationToken = default)
    {
        if (!_records.TryGetValue(id, out var record)) return Task.FromResult<GrainStateRecord?>(null);
        return Task.FromResult<GrainStateRecord?>(record with { Payload = record.Payload.ToArray() });
    }

    public Task<string> WriteAsync(GrainStateId id, ReadOnlyMemory<byte> payload, string? expectedETag, CancellationToken cancellationToken = default)
    {
        var etag = Interlocked.Increment(ref _version).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var record = new GrainStateRecord(payload.ToArray(), etag);
        if (expectedETag is null)
        {
            if (!_records.TryAdd(id, record))
                throw new InconsistentStateException($"{id}: state exists but the writer expected none", _records.GetValueOrDefault(id)?.ETag, null);
            return Task.FromResult(etag);
        }
        if (!_records.TryGetValue(id, out var current) || current.ETag != expectedETag || !_records.TryUpdate(id, record, current))
            throw new InconsistentStateException($"{id}: ETag mismatch (expected {expectedETag})", _records.GetValueOrDefault(id)?.ETag, expectedETag);
        return Task.FromResult(etag);
    }

    public Task ClearAsync(GrainStateId id, string? expectedETag, CancellationToken cancellationToken = default)
    {
        if (!_records.TryGetValue(id, out var current))
        {
            if (expectedETag is not null)
                throw new InconsistentStateException($"{id}: nothing stored but the writer expected ETag {expectedETag}", null, expectedETag);
            return Task.CompletedTask;
        }
        if (current.ETag != expectedETag || !_records.TryRemove(new KeyValuePair<GrainStateId, GrainStateRecord>(id, current)))
            throw new InconsistentStateException($"{id}: ETag mismatch (expected {expectedETag ?? "none"})", current.ETag, expectedETag);
        return Task.CompletedTask;
    }
}
