namespace CallCenter.Runtime.Storage;

/// <summary>A durable reminder: fires first at <see cref="StartAt"/> and then every <see cref="Period"/>.</summary>
public sealed record ReminderEntry(string GrainType, string GrainKey, string Name, DateTimeOffset StartAt, TimeSpan Period, string? ETag = null);

/// <summary>
/// Where durable reminders are kept (Orleans: <c>IReminderTable</c>), in the same store as grain state, so they survive
/// a process restart.
/// </summary>
public interface IReminderTable
{
    Task<IReadOnlyList<ReminderEntry>> ReadAllAsync(CancellationToken cancellationToken = default);

    Task<IReadOnlyList<ReminderEntry>> ReadAsync(string grainType, string grainKey, CancellationToken cancellationToken = default);

    Task<ReminderEntry?> ReadAsync(string grainType, string grainKey, string name, CancellationToken cancellationToken = default);

    /// <summary>Inserts or replaces the reminder (unconditionally: the owning activation is the only writer).</summary>
    /// <returns>The new ETag.</returns>
    Task<string> UpsertAsync(ReminderEntry entry, CancellationToken cancellationToken = default);

    /// <returns>True if a reminder was removed.</returns>
    Task<bool> RemoveAsync(string grainType, string grainKey, string name, CancellationToken cancellationToken = default);
}
