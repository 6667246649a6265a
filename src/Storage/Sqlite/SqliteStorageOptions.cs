namespace CallCenter.Storage.Sqlite;

/// <summary>
/// Settings of the SQLite provider (configuration section <c>Storage:Sqlite</c>, or the section passed to the
/// registration method).
/// </summary>
public sealed class SqliteStorageOptions
{
    /// <summary>The embedded default: a file under <c>./data</c>, relative to the working directory.</summary>
    public const string DefaultConnectionString = "Data Source=data/callcenter.db";

    /// <summary>A Microsoft.Data.Sqlite connection string naming a file. Its directory is created if missing. In-memory
    /// databases are refused: use the in-memory provider for that.</summary>
    public string ConnectionString { get; set; } = DefaultConnectionString;

    /// <summary><c>PRAGMA synchronous</c>. <see cref="SqliteSynchronousMode.Full"/> (the default) syncs the write-ahead log
    /// at every commit, so an acknowledged write survives a power cut; <see cref="SqliteSynchronousMode.Normal"/> survives
    /// a process crash only.</summary>
    public SqliteSynchronousMode Synchronous { get; set; } = SqliteSynchronousMode.Full;

    /// <summary>How long a connection waits for another process's lock before failing with "database is locked".</summary>
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>At most this many queued writes share one transaction (and one sync) in the group-commit writer;
    /// 1 commits every write on its own.</summary>
    public int MaxWriteBatchSize { get; set; } = 256;
}
