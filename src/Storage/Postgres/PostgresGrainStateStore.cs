using Orleans.Storage;
using CallCenter.Storage.Sql;
using Npgsql;
using NpgsqlTypes;

namespace CallCenter.Storage.Postgres;

/// <summary>
/// Grain state in PostgreSQL (production; several silos share the database). Every conditional write is one statement
/// that checks and writes at once — <c>INSERT ... ON CONFLICT DO NOTHING</c> when nothing may be stored,
/// <c>UPDATE ... WHERE etag = expected</c> otherwise — so among racing processes exactly one wins and the others get
/// <see cref="InconsistentStateException"/>; newer data is never overwritten. Only after losing does it read the stored
/// ETag, to report it.
/// </summary>
public sealed class PostgresGrainStateStore : IGrainStateStore
{
    private const string Provider = "PostgreSQL";
    private readonly PostgresDatabase _database;
    private readonly string _storageName;
    private readonly string _selectSql, _selectETagSql, _insertSql, _updateSql, _deleteSql;

    /// <param name="database">The database; not owned (dispose it yourself, or let DI do it).</param>
    /// <param name="storageName">The name the storage is registered under, for error messages.</param>
    public PostgresGrainStateStore(PostgresDatabase database, string storageName = "Default")
    {
        _database = database;
        _storageName = storageName;
        var table = database.Table(GrainStateSchema.TableName);
        // Positional parameters ($1..): Npgsql sends them as they are, where @names would be rewritten on every call.
        const string key = "grain_type = $1 AND grain_key = $2 AND state_name = $3";
        _selectSql = $"SELECT payload, etag FROM {table} WHERE {key}";
        _selectETagSql = $"SELECT etag FROM {table} WHERE {key}";
        _insertSql = $"""
            INSERT INTO {table} (grain_type, grain_key, state_name, payload, etag) VALUES ($1, $2, $3, $4, $5)
            ON CONFLICT (grain_type, grain_key, state_name) DO NOTHING
            """;
        _updateSql = $"UPDATE {table} SET payload = $4, etag = $5, updated_at = now() WHERE {key} AND etag = $6";
        _deleteSql = $"DELETE FROM {table} WHERE {key} AND etag = $4";
    }

    public async Task<GrainStateRecord?> ReadAsync(GrainStateId id, CancellationToken cancellationToken = default)
    {
        try
        {
            await _database.EnsureSchemaAsync(GrainStateSchema.Schema, cancellationToken).ConfigureAwait(false);
            await using var command = Command(_selectSql, id);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false)) return null;
            return new GrainStateRecord(reader.GetFieldValue<byte[]>(0), reader.GetString(1));
        }
        catch (Exception e) when (Failures.ShouldWrap(e, cancellationToken))
        {
            throw new StorageOperationException(Provider, _storageName, "read state", id.ToString(), e);
        }
    }

    public async Task<string> WriteAsync(GrainStateId id, ReadOnlyMemory<byte> payload, string? expectedETag, CancellationToken cancellationToken = default)
    {
        var newETag = ETags.New();
        string? storedETag;
        try
        {
            await _database.EnsureSchemaAsync(GrainStateSchema.Schema, cancellationToken).ConfigureAwait(false);
            await using (var command = Command(expectedETag is null ? _insertSql : _updateSql, id))
            {
                command.Parameters.Add(new NpgsqlParameter<ReadOnlyMemory<byte>> { TypedValue = payload, NpgsqlDbType = NpgsqlDbType.Bytea });
                command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = newETag });
                if (expectedETag is not null) command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = expectedETag });
                if (await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1) return newETag;
            }
            storedETag = await ReadETagAsync(id, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (Failures.ShouldWrap(e, cancellationToken))
        {
            throw new StorageOperationException(Provider, _storageName, "write state", id.ToString(), e);
        }
        throw Conflicts.Write(id, expectedETag, storedETag);
    }

    public async Task ClearAsync(GrainStateId id, string? expectedETag, CancellationToken cancellationToken = default)
    {
        string? storedETag;
        try
        {
            await _database.EnsureSchemaAsync(GrainStateSchema.Schema, cancellationToken).ConfigureAwait(false);
            if (expectedETag is not null)
            {
                await using var command = Command(_deleteSql, id);
                command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = expectedETag });
                if (await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1) return;
            }
            // Expected nothing (then clearing nothing is a no-op), or the delete found a different ETag: see what is there.
            storedETag = await ReadETagAsync(id, cancellationToken).ConfigureAwait(false);
            if (expectedETag is null && storedETag is null) return;
        }
        catch (Exception e) when (Failures.ShouldWrap(e, cancellationToken))
        {
            throw new StorageOperationException(Provider, _storageName, "clear state", id.ToString(), e);
        }
        throw Conflicts.Clear(id, expectedETag, storedETag);
    }

    private async Task<string?> ReadETagAsync(GrainStateId id, CancellationToken cancellationToken)
    {
        await using var command = Command(_selectETagSql, id);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as string;
    }

    private NpgsqlCommand Command(string sql, GrainStateId id)
    {
        var command = _database.DataSource.CreateCommand(sql);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = id.GrainType });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = id.GrainKey });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = id.StateName });
        return command;
    }
}
