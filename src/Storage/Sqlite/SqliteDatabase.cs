using System.Data.Common;
using System.Globalization;
using CallCenter.Storage.Sql;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CallCenter.Storage.Sqlite;

/// <summary>
/// One SQLite database file: pooled, pre-configured connections for reads, a group-commit writer for writes, and the
/// schema bootstrap. Opening it switches the file to write-ahead logging (persistent in the file), under which readers
/// never block the writer nor each other.
/// </summary>
/// <remarks>
/// Share one instance per file within a process (the DI registrations do): two instances on one file still behave
/// correctly, as two processes would, but their writers then take turns through the busy timeout instead of sharing
/// commits.
/// </remarks>
public sealed class SqliteDatabase : ISqlDatabase, IAsyncDisposable, IDisposable
{
    private readonly string _connectionString;
    private readonly string _configurePragmas;
    private readonly SqliteGroupCommitWriter _writer;
    private readonly SchemaGate _schemas = new();
    private readonly ILogger _logger;
    private int _disposed;

    public SqliteDatabase(SqliteStorageOptions options, ILogger<SqliteDatabase>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
            throw new ArgumentException("SqliteStorageOptions.ConnectionString is empty; set it to e.g. \"Data Source=data/callcenter.db\".", nameof(options));
        if (options.Synchronous is not (SqliteSynchronousMode.Normal or SqliteSynchronousMode.Full))
            throw new ArgumentException($"SqliteStorageOptions.Synchronous must be Normal or Full, not {options.Synchronous}.", nameof(options));
        if (options.BusyTimeout < TimeSpan.Zero)
            throw new ArgumentException("SqliteStorageOptions.BusyTimeout must not be negative.", nameof(options));

        var builder = new SqliteConnectionStringBuilder(options.ConnectionString);
        if (builder.Mode == SqliteOpenMode.Memory || string.IsNullOrEmpty(builder.DataSource) || builder.DataSource == ":memory:")
            throw new ArgumentException("The SQLite storage needs a database file (Data Source=path); for in-memory storage register the in-memory provider.", nameof(options));
        if (builder.Mode == SqliteOpenMode.ReadOnly)
            throw new ArgumentException("The SQLite storage writes; Mode=ReadOnly is not supported.", nameof(options));
        // An absolute path so that the file does not move with the working directory of whoever opens a connection later,
        // and so that logs say exactly which file is meant.
        if (!builder.DataSource.StartsWith("file:", StringComparison.OrdinalIgnoreCase) && !builder.DataSource.Contains("|DataDirectory|", StringComparison.Ordinal))
        {
            builder.DataSource = Path.GetFullPath(builder.DataSource);
            var directory = Path.GetDirectoryName(builder.DataSource);
            if (!string.IsNullOrEmpty(directory)) Directory.CreateDirectory(directory);
        }
        builder.Pooling = true;
        // Microsoft.Data.Sqlite retries busy errors itself until the command timeout (30 s by default) on top of SQLite's
        // own busy handler; aligning the two makes BusyTimeout the real bound (rounded up to whole seconds).
        builder.DefaultTimeout = Math.Max(1, (int)Math.Ceiling(options.BusyTimeout.TotalSeconds));
        FilePath = builder.DataSource;
        _connectionString = builder.ConnectionString;
        Synchronous = options.Synchronous;
        BusyTimeout = options.BusyTimeout;
        _configurePragmas = string.Create(CultureInfo.InvariantCulture,
            $"PRAGMA busy_timeout = {(long)options.BusyTimeout.TotalMilliseconds}; PRAGMA synchronous = {(options.Synchronous == SqliteSynchronousMode.Full ? "FULL" : "NORMAL")};");

        using (var connection = OpenConfigured())
        {
            using var wal = connection.CreateCommand();
            wal.CommandText = "PRAGMA journal_mode = WAL";
            var mode = wal.ExecuteScalar() as string;
            if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
                throw new InvalidOperationException($"SQLite database {FilePath} did not switch to write-ahead logging (journal_mode is {mode}).");
        }
        _writer = new SqliteGroupCommitWriter(OpenConfigured, options.MaxWriteBatchSize, _logger);
        _logger.LogInformation("SQLite storage {Path} opened (WAL, synchronous={Synchronous}, busy timeout {BusyTimeout})", FilePath, Synchronous, BusyTimeout);
    }

    public SqlDialect Dialect => SqlDialect.Sqlite;

    public string Description => $"SQLite {FilePath}";

    /// <summary>The absolute path of the database file.</summary>
    public string FilePath { get; }

    public SqliteSynchronousMode Synchronous { get; }

    public TimeSpan BusyTimeout { get; }

    /// <summary>Write transactions committed by this instance's writer.</summary>
    internal long WriterCommits => _writer.Commits;

    // A SQLite file has no schemas and the file itself isolates, so names are used as they are.
    public string Table(string name) => SqlIdentifier.Quote(SqlIdentifier.Validate(name, "Table name"));

    public string ObjectName(string name) => SqlIdentifier.Quote(SqlIdentifier.Validate(name, "Object name"));

    public async ValueTask<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken = default)
        => await OpenSqliteConnectionAsync(cancellationToken).ConfigureAwait(false);

    /// <summary>A pooled connection with the busy timeout and synchronous mode applied (both are per connection).</summary>
    public ValueTask<SqliteConnection> OpenSqliteConnectionAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        cancellationToken.ThrowIfCancellationRequested();
        // Microsoft.Data.Sqlite's async methods complete synchronously; calling the sync ones avoids the task overhead.
        return ValueTask.FromResult(OpenConfigured());
    }

    /// <summary>
    /// Runs <paramref name="work"/> on the database's single writer connection inside a transaction that it may share
    /// with other queued writes (group commit); the returned task completes after that transaction committed (durably,
    /// with <see cref="SqliteSynchronousMode.Full"/>). See <see cref="SqliteWriteContext"/> for the rules.
    /// </summary>
    public Task<T> WriteAsync<T>(Func<SqliteWriteContext, T> work, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        return _writer.EnqueueAsync(work, cancellationToken);
    }

    public Task EnsureSchemaAsync(SqlSchema schema, CancellationToken cancellationToken = default)
        => _schemas.EnsureAsync(schema, BootstrapAsync, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        await _writer.DisposeAsync().ConfigureAwait(false);
        // Closes the pooled connections so the file is released (and the log checkpointed) now, not when the pool idles out.
        using var connection = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(connection);
        _logger.LogInformation("SQLite storage {Path} closed", FilePath);
    }

    /// <summary>Blocks until queued writes are committed; prefer <see cref="DisposeAsync"/>.</summary>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    private async Task BootstrapAsync(SqlSchema schema)
    {
        await using var connection = OpenConfigured();
        // BEGIN IMMEDIATE: the write lock serializes bootstraps of concurrent processes; the second finds the version set.
        await using var transaction = connection.BeginTransaction();
        await SchemaMigrator.ApplyAsync(this, connection, transaction, schema, CancellationToken.None).ConfigureAwait(false);
        await transaction.CommitAsync().ConfigureAwait(false);
        _logger.LogDebug("SQLite storage {Path}: schema {Component} is at version {Version}", FilePath, schema.Component, schema.LatestVersion);
    }

    private SqliteConnection OpenConfigured()
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = _configurePragmas;
            command.ExecuteNonQuery();
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }
}
