using Orleans.Storage;
using CallCenter.Storage.Sql;
using Microsoft.Data.Sqlite;

namespace CallCenter.Storage.Sqlite;

/// <summary>Durable reminders in a SQLite file, next to the grain state. Writes go through the group-commit writer.</summary>
public sealed class SqliteReminderStore : IReminderStore
{
    private const string Provider = "SQLite";
    private const string StorageName = "reminders";
    private readonly SqliteDatabase _database;
    private readonly string _selectAllSql, _selectGrainSql, _selectOneSql, _upsertSql, _deleteSql;

    /// <param name="database">The file; not owned.</param>
    public SqliteReminderStore(SqliteDatabase database)
    {
        _database = database;
        var table = database.Table(ReminderSchema.TableName);
        const string columns = "grain_type, grain_key, name, start_at, period, etag";
        _selectAllSql = $"SELECT {columns} FROM {table} ORDER BY grain_type, grain_key, name";
        _selectGrainSql = $"SELECT {columns} FROM {table} WHERE grain_type = $type AND grain_key = $key ORDER BY name";
        _selectOneSql = $"SELECT {columns} FROM {table} WHERE grain_type = $type AND grain_key = $key AND name = $name";
        _upsertSql = $"""
            INSERT INTO {table} ({columns}) VALUES ($type, $key, $name, $start, $period, $etag)
            ON CONFLICT (grain_type, grain_key, name) DO UPDATE SET start_at = excluded.start_at, period = excluded.period, etag = excluded.etag
            """;
        _deleteSql = $"DELETE FROM {table} WHERE grain_type = $type AND grain_key = $key AND name = $name";
    }

    public Task<IReadOnlyList<StoredReminder>> ReadAllAsync(CancellationToken cancellationToken = default)
        => QueryAsync(_selectAllSql, null, null, null, "read", "all reminders", cancellationToken);

    public Task<IReadOnlyList<StoredReminder>> ReadAsync(string grainType, string grainKey, CancellationToken cancellationToken = default)
        => QueryAsync(_selectGrainSql, grainType, grainKey, null, "read", $"reminders of {grainType}/{grainKey}", cancellationToken);

    public async Task<StoredReminder?> ReadAsync(string grainType, string grainKey, string name, CancellationToken cancellationToken = default)
    {
        var found = await QueryAsync(_selectOneSql, grainType, grainKey, name, "read", $"reminder {grainType}/{grainKey}/{name}", cancellationToken).ConfigureAwait(false);
        return found.Count == 0 ? null : found[0];
    }

    public async Task<string> UpsertAsync(StoredReminder entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var etag = ETags.New();
        try
        {
            await _database.EnsureSchemaAsync(ReminderSchema.Schema, cancellationToken).ConfigureAwait(false);
            await _database.WriteAsync(context =>
            {
                var command = context.Command(_upsertSql);
                AddKey(command, entry.GrainType, entry.GrainKey, entry.Name);
                command.Parameters.AddWithValue("$start", StorageClock.ToUnixMicroseconds(entry.StartAt));
                command.Parameters.AddWithValue("$period", StorageClock.ToMicrosecondCount(entry.Period));
                command.Parameters.AddWithValue("$etag", etag);
                return command.ExecuteNonQuery();
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (Failures.ShouldWrap(e, cancellationToken))
        {
            throw new StorageOperationException(Provider, StorageName, "upsert", $"reminder {entry.GrainType}/{entry.GrainKey}/{entry.Name}", e);
        }
        return etag;
    }

    public async Task<bool> RemoveAsync(string grainType, string grainKey, string name, CancellationToken cancellationToken = default)
    {
        try
        {
            await _database.EnsureSchemaAsync(ReminderSchema.Schema, cancellationToken).ConfigureAwait(false);
            return await _database.WriteAsync(context =>
            {
                var command = context.Command(_deleteSql);
                AddKey(command, grainType, grainKey, name);
                return command.ExecuteNonQuery() > 0;
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (Failures.ShouldWrap(e, cancellationToken))
        {
            throw new StorageOperationException(Provider, StorageName, "remove", $"reminder {grainType}/{grainKey}/{name}", e);
        }
    }

    private async Task<IReadOnlyList<StoredReminder>> QueryAsync(string sql, string? grainType, string? grainKey, string? name, string operation, string target, CancellationToken cancellationToken)
    {
        try
        {
            await _database.EnsureSchemaAsync(ReminderSchema.Schema, cancellationToken).ConfigureAwait(false);
            await using var connection = await _database.OpenSqliteConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            if (grainType is not null) command.Parameters.AddWithValue("$type", grainType);
            if (grainKey is not null) command.Parameters.AddWithValue("$key", grainKey);
            if (name is not null) command.Parameters.AddWithValue("$name", name);
            using var reader = command.ExecuteReader();
            var entries = new List<StoredReminder>();
            while (reader.Read())
            {
                entries.Add(new StoredReminder(
                    reader.GetString(0), reader.GetString(1), reader.GetString(2),
                    StorageClock.FromUnixMicroseconds(reader.GetInt64(3)),
                    StorageClock.FromMicrosecondCount(reader.GetInt64(4)),
                    reader.GetString(5)));
            }
            return entries;
        }
        catch (Exception e) when (Failures.ShouldWrap(e, cancellationToken))
        {
            throw new StorageOperationException(Provider, StorageName, operation, target, e);
        }
    }

    private static void AddKey(SqliteCommand command, string grainType, string grainKey, string name)
    {
        command.Parameters.AddWithValue("$type", grainType);
        command.Parameters.AddWithValue("$key", grainKey);
        command.Parameters.AddWithValue("$name", name);
    }
}
