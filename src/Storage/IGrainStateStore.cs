namespace CallCenter.Storage;

/// <summary>Identifies one named piece of persisted state of one grain.</summary>
/// <param name="GrainType">The grain's stable type name (its <c>[GrainType]</c>), not a CLR name that refactoring changes.</param>
/// <param name="GrainKey">The grain's primary key.</param>
/// <param name="StateName">The name given in <c>[PersistentState("name")]</c>.</param>
public readonly record struct GrainStateId(string GrainType, string GrainKey, string StateName)
{
    public override string ToString() => $"{GrainType}/{GrainKey}/{StateName}";
}

/// <summary>What the store holds for one <see cref="GrainStateId"/>: the serialized state and its version tag.</summary>
public sealed record GrainStateRecord(byte[] Payload, string ETag);

/// <summary>
/// The project's grain state stores (SQLite, PostgreSQL, memory), below Orleans' <c>IGrainStorage</c>
/// (<see cref="Orleans.StateStoreGrainStorage"/> adapts them): bytes and ETags only. Writes are conditional on the ETag so a
/// write that lost a race fails with Orleans' <c>InconsistentStateException</c> and never overwrites newer data.
/// </summary>
public interface IGrainStateStore
{
    /// <returns>The stored record, or null when nothing is stored.</returns>
    Task<GrainStateRecord?> ReadAsync(GrainStateId id, CancellationToken cancellationToken = default);

    /// <summary>Stores <paramref name="payload"/> if the stored ETag equals <paramref name="expectedETag"/>
    /// (null: nothing may be stored yet).</summary>
    /// <returns>The new ETag.</returns>
    /// <exception cref="InconsistentStateException">The stored ETag differs from <paramref name="expectedETag"/>.</exception>
    Task<string> WriteAsync(GrainStateId id, ReadOnlyMemory<byte> payload, string? expectedETag, CancellationToken cancellationToken = default);

    /// <summary>Removes the record if its ETag equals <paramref name="expectedETag"/>; clearing what is absent is a no-op
    /// when <paramref name="expectedETag"/> is null.</summary>
    /// <exception cref="InconsistentStateException">The stored ETag differs from <paramref name="expectedETag"/>.</exception>
    Task ClearAsync(GrainStateId id, string? expectedETag, CancellationToken cancellationToken = default);
}
