using Orleans.Storage;
using CallCenter.Storage.Sql;
using Npgsql;

namespace CallCenter.Storage.Postgres;

/// <summary>Durable reminders in PostgreSQL. An upsert is one <c>INSERT ... ON CONFLICT DO UPDATE</c>, atomic across
/// processes.</summary>
public sealed class PostgresReminderStore : IReminderStore
{
    private const string Provider = "PostgreSQL";
    private const string StorageName = "reminders";
    private readonly PostgresDatabase _database;
    private readonly string _selectAllSql, _selectGrainSql, _selectOneSql, _upsertSql, _deleteSql;

    /// <param name="database">The database; not owned.</param>
    public PostgresReminderStore(PostgresDatabase database)
    {
        _database = database;
        var table = database.Table(ReminderSchema.TableName);
        const string columns = "grain_type, grain_key, name, start_at, period, etag";
        _selectAllSql = $"SELECT {columns} FROM {table} ORDER BY grain_type, grain_key, name";
        _selectGrainSql = $"SELECT {columns} FROM {table} WHERE grain_type = $1 AND grain_key = $2 ORDER BY name";
        _selectOneSql = $"SELECT {columns} FROM {table} WHERE grain_type = $1 AND grain_key = $2 AND name = $3";
        _upsertSql = $"""
            INSERT INTO {table} ({columns}) VALUES ($1, $2, $3, $4, $5, $6)
            ON CONFLICT (grain_type, grain_key, name) DO UPDATE SET start_at = excluded.start_at, period = excluded.period, etag = excluded.etag
            """;
        _deleteSql = $"DELETE FROM {table} WHERE grain_type = $1 AND grain_key = $2 AND name = $3";
    }

    public Task<IReadOnlyList<StoredReminder>> ReadAllAsync(CancellationToken cancellationToken = default)
        => QueryAsync(_selectAllSql, [], "all reminders", cancellationToken);

    public Task<IReadOnlyList<StoredReminder>> ReadAsync(string grainType, string grainKey, CancellationToken cancellationToken = default)
        => QueryAsync(_selectGrainSql, [grainType, grainKey], $"reminders of {grainType}/{grainKey}", cancellationToken);

    public async Task<StoredReminder?> ReadAsync(string grainType, string grainKey, string name, CancellationToken cancellationToken = default)
    {
        var found = await QueryAsync(_selectOneSql, [grainType, grainKey, name], $"reminder {grainType}/{grainKey}/{name}", cancellationToken).ConfigureAwait(false);
        return found.Count == 0 ? null : found[0];
    }

    public async Task<string> UpsertAsync(StoredReminder entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var etag = ETags.New();
        try
        {
            await _database.EnsureSchemaAsync(ReminderSchema.Schema, cancellationToken).ConfigureAwait(false);
            await using var command = Command(_upsertSql, [entry.GrainType, entry.GrainKey, entry.Name]);
            // Npgsql writes timestamptz only from UTC values; the microsecond truncation is explicit rather than the driver's.
            command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = StorageClock.ToMicroseconds(entry.StartAt) });
            command.Parameters.Add(new NpgsqlParameter<TimeSpan> { TypedValue = StorageClock.ToMicroseconds(entry.Period) });
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = etag });
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
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
            await using var command = Command(_deleteSql, [grainType, grainKey, name]);
            return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) > 0;
        }
        catch (Exception e) when (Failures.ShouldWrap(e, cancellationToken))
        {
            throw new StorageOperationException(Provider, StorageName, "remove", $"reminder {grainType}/{grainKey}/{name}", e);
        }
    }

    private async Task<IReadOnlyList<StoredReminder>> QueryAsync(string sql, string[] keys, string target, CancellationToken cancellationToken)
    {
        try
        {
            await _database.EnsureSchemaAsync(ReminderSchema.Schema, cancellationToken).ConfigureAwait(false);
            await using var command = Command(sql, keys);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            var entries = new List<StoredReminder>();
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                entries.Add(new StoredReminder(
                    reader.GetString(0), reader.GetString(1), reader.GetString(2),
                    reader.GetFieldValue<DateTimeOffset>(3), reader.GetFieldValue<TimeSpan>(4), reader.GetString(5)));
            }
            return entries;
        }
        catch (Exception e) when (Failures.ShouldWrap(e, cancellationToken))
        {
            throw new StorageOperationException(Provider, StorageName, "read", target, e);
        }
    }

    private NpgsqlCommand Command(string sql, string[] keys)
    {
        var command = _database.DataSource.CreateCommand(sql);
        foreach (var key in keys) command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = key });
        return command;
    }
}
