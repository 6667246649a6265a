namespace CallCenter.Runtime;

/// <summary>
/// One named piece of a grain's durable state (Orleans: <c>IPersistentState&lt;TState&gt;</c>). Writes are conditional on
/// <see cref="Etag"/>: a write that lost a race throws <c>InconsistentStateException</c>, leaves the stored (newer) data
/// alone, and the runtime deactivates the activation so the next call starts from what is stored.
/// </summary>
public interface IPersistentState<TState>
{
    /// <summary>The state; a fresh default instance when nothing is stored.</summary>
    TState State { get; set; }

    /// <summary>Version of the stored record this state was read from or last written as; null when none is stored.</summary>
    string? Etag { get; }

    bool RecordExists { get; }

    Task ReadStateAsync(CancellationToken cancellationToken = default);

    Task WriteStateAsync(CancellationToken cancellationToken = default);

    /// <summary>Removes the stored record and resets <see cref="State"/> to its default.</summary>
    Task ClearStateAsync(CancellationToken cancellationToken = default);
}
