using System.Collections.Concurrent;
using CallCenter.Runtime.Storage;

namespace CallCenter.Storage.Memory;

/// <summary>Reminders in a dictionary: for unit tests only.</summary>
public sealed class MemoryReminderTable : IReminderTable
{
    private readonly ConcurrentDictionary<(string Type, string Key, string Name), ReminderEntry> _entries = new();
    private long _version;

    public Task<IReadOnlyList<ReminderEntry>> ReadAllAsync(CancellationToken cancellationToken = default)
        => Task.FromResult<IReadOnlyList<ReminderEntry>>(_entries.Values.ToList());

    public Task<IReadOnlyList<ReminderEntry>> ReadAsync(string grainType, string grainKey, CancellationToken cancellationToken = default)
        => Task.FromResult<IReadOnlyList<ReminderEntry>>(_entries.Values.Where(e => e.GrainType == grainType && e.GrainKey == grainKey).ToList());

    public Task<ReminderEntry?> ReadAsync(string grainType, string grainKey, string name, CancellationToken cancellationToken = default)
        => Task.FromResult(_entries.GetValueOrDefault((grainType, grainKey, name)));

    public Task<string> UpsertAsync(ReminderEntry entry, CancellationToken cancellationToken = default)
    {
        var etag = Interlocked.Increment(ref _version).ToString(System.Globalization.CultureInfo.InvariantCulture);
        _entries[(entry.GrainType, entry.GrainKey, entry.Name)] = entry with { ETag = etag };
        return Task.FromResult(etag);
    }

    public Task<bool> RemoveAsync(string grainType, string grainKey, string name, CancellationToken cancellationToken = default)
        => Task.FromResult(_entries.TryRemove((grainType, grainKey, name), out _));
}
