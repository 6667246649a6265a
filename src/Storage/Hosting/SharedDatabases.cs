using CallCenter.Storage.Postgres;
using CallCenter.Storage.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace CallCenter.Storage.Hosting;

/// <summary>
/// The databases opened through DI, one per SQLite file and one per PostgreSQL (connection string, schema, prefix), so
/// that every storage name and the reminder table pointing at the same place share one pool and, for SQLite, one
/// group-commit writer. Disposed with the service provider.
/// </summary>
internal sealed class SharedDatabases(ILoggerFactory? loggerFactory) : IAsyncDisposable, IDisposable
{
    private readonly Dictionary<string, (SqliteStorageOptions Options, SqliteDatabase Database)> _sqlite = new(StringComparer.Ordinal);
    private readonly Dictionary<(string, string, string), PostgresDatabase> _postgres = [];
    private readonly Lock _lock = new();

    public SqliteDatabase Sqlite(SqliteStorageOptions options, string usedBy)
    {
        var path = FullPath(options.ConnectionString, usedBy);
        lock (_lock)
        {
            if (_sqlite.TryGetValue(path, out var open))
            {
                if (open.Options.Synchronous != options.Synchronous || open.Options.BusyTimeout != options.BusyTimeout || open.Options.MaxWriteBatchSize != options.MaxWriteBatchSize)
                    throw new InvalidOperationException($"{usedBy} uses the SQLite file {path} with different Synchronous/BusyTimeout/MaxWriteBatchSize settings than another storage on the same file; configure them alike.");
                return open.Database;
            }
            var database = new SqliteDatabase(options, loggerFactory?.CreateLogger<SqliteDatabase>());
            _sqlite.Add(path, (options, database));
            return database;
        }
    }

    public PostgresDatabase Postgres(PostgresStorageOptions options)
    {
        var key = (options.ConnectionString, options.Schema, options.TablePrefix ?? "");
        lock (_lock)
        {
            if (!_postgres.TryGetValue(key, out var database))
            {
                database = new PostgresDatabase(options, loggerFactory);
                _postgres.Add(key, database);
            }
            return database;
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var database in TakeAll()) await database.DisposeAsync().ConfigureAwait(false);
    }

    public void Dispose()
    {
        foreach (var database in TakeAll()) ((IDisposable)database).Dispose();
    }

    private List<IAsyncDisposable> TakeAll()
    {
        lock (_lock)
        {
            List<IAsyncDisposable> all = [.. _sqlite.Values.Select(v => (IAsyncDisposable)v.Database), .. _postgres.Values];
            _sqlite.Clear();
            _postgres.Clear();
            return all;
        }
    }

    private static string FullPath(string connectionString, string usedBy)
    {
        try
        {
            return Path.GetFullPath(new SqliteConnectionStringBuilder(connectionString).DataSource);
        }
        catch (ArgumentException e)
        {
            throw new InvalidOperationException($"{usedBy}: the SQLite connection string is invalid: {e.Message}", e);
        }
    }
}
