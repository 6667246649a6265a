namespace CallCenter.Storage;

/// <summary>A durable reminder: fires first at <see cref="StartAt"/> and then every <see cref="Period"/>.</summary>
public sealed record StoredReminder(string GrainType, string GrainKey, string Name, DateTimeOffset StartAt, TimeSpan Period, string? ETag = null);

/// <summary>
/// The project's reminder stores (SQLite, memory), in the same database as grain state so they survive a restart, below
/// Orleans' <c>IReminderTable</c> (<see cref="Orleans.ReminderStoreTable"/> adapts them).
/// </summary>
public interface IReminderStore
{
    Task<IReadOnlyList<StoredReminder>> ReadAllAsync(CancellationToken cancellationToken = default);

    Task<IReadOnlyList<StoredReminder>> ReadAsync(string grainType, string grainKey, CancellationToken cancellationToken = default);

    Task<StoredReminder?> ReadAsync(string grainType, string grainKey, string name, CancellationToken cancellationToken = default);

    /// <summary>Inserts or replaces the reminder (unconditionally: the reminder service is the only writer).</summary>
    /// <returns>The new ETag.</returns>
    Task<string> UpsertAsync(StoredReminder entry, CancellationToken cancellationToken = default);

    /// <returns>True if a reminder was removed.</returns>
    Task<bool> RemoveAsync(string grainType, string grainKey, string name, CancellationToken cancellationToken = default);
}
