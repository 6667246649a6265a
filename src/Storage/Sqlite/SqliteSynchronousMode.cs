namespace CallCenter.Storage.Sqlite;

/// <summary>The durability levels of SQLite's <c>PRAGMA synchronous</c> that make sense with a write-ahead log.</summary>
public enum SqliteSynchronousMode
{
    /// <summary>The log is synced only at checkpoints: a commit survives the process dying but may be lost with the
    /// machine (power cut, kernel panic). Faster, but breaks "acknowledged means persisted".</summary>
    Normal = 1,

    /// <summary>The log is synced at every commit: an acknowledged write survives a power cut.</summary>
    Full = 2,
}
