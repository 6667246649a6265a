using System.Collections.Concurrent;
using System.Globalization;
using Orleans.Storage;
using CallCenter.Storage.Sql;

namespace CallCenter.Storage.Memory;

/// <summary>Reminders in a dictionary: for unit tests only. Behaves like the SQL tables down to the details tests can see:
/// times kept to the microsecond in UTC, results ordered by grain type, key and name.</summary>
public sealed class MemoryReminderStore : IReminderStore
{
    private readonly ConcurrentDictionary<(string Type, string Key, string Name), StoredReminder> _entries = new();
    private long _version;

    public Task<IReadOnlyList<StoredReminder>> ReadAllAsync(CancellationToken cancellationToken = default)
        => Task.FromResult(Ordered(_entries.Values));

    public Task<IReadOnlyList<StoredReminder>> ReadAsync(string grainType, string grainKey, CancellationToken cancellationToken = default)
        => Task.FromResult(Ordered(_entries.Values.Where(e => e.GrainType == grainType && e.GrainKey == grainKey)));

    public Task<StoredReminder?> ReadAsync(string grainType, string grainKey, string name, CancellationToken cancellationToken = default)
        => Task.FromResult(_entries.GetValueOrDefault((grainType, grainKey, name)));

    public Task<string> UpsertAsync(StoredReminder entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var etag = Interlocked.Increment(ref _version).ToString(CultureInfo.InvariantCulture);
        _entries[(entry.GrainType, entry.GrainKey, entry.Name)] = entry with
        {
            StartAt = StorageClock.ToMicroseconds(entry.StartAt),
            Period = StorageClock.ToMicroseconds(entry.Period),
            ETag = etag,
        };
        return Task.FromResult(etag);
    }

    public Task<bool> RemoveAsync(string grainType, string grainKey, string name, CancellationToken cancellationToken = default)
        => Task.FromResult(_entries.TryRemove((grainType, grainKey, name), out _));

    private static IReadOnlyList<StoredReminder> Ordered(IEnumerable<StoredReminder> entries) => entries
        .OrderBy(e => e.GrainType, Utf8Order.Instance)
        .ThenBy(e => e.GrainKey, Utf8Order.Instance)
        .ThenBy(e => e.Name, Utf8Order.Instance)
        .ToList();

    /// <summary>The order of SQLite's BINARY and PostgreSQL's "C" collation: UTF-8 bytes, i.e. code points. (Ordinal
    /// string comparison differs: it compares UTF-16 units, which puts U+E000..U+FFFF after the supplementary planes.)</summary>
    private sealed class Utf8Order : IComparer<string>
    {
        public static readonly Utf8Order Instance = new();

        public int Compare(string? x, string? y)
            => System.Text.Encoding.UTF8.GetBytes(x ?? "").AsSpan().SequenceCompareTo(System.Text.Encoding.UTF8.GetBytes(y ?? ""));
    }
}
