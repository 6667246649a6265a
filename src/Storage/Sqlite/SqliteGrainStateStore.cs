using System.Runtime.InteropServices;
using Orleans.Storage;
using CallCenter.Storage.Sql;
using Microsoft.Data.Sqlite;

namespace CallCenter.Storage.Sqlite;

/// <summary>
/// Grain state in a SQLite file (the embedded default). Reads use pooled connections in parallel; writes go through the
/// database's group-commit writer, so each conditional write is checked and applied inside the writer's transaction and
/// acknowledged only once that transaction committed.
/// </summary>
public sealed class SqliteGrainStateStore : IGrainStateStore
{
    private const string Provider = "SQLite";
    private readonly SqliteDatabase _database;
    private readonly string _storageName;
    private readonly string _selectSql, _insertSql, _updateSql, _deleteSql, _selectETagSql;

    /// <param name="database">The file; not owned (dispose it yourself, or let DI do it).</param>
    /// <param name="storageName">The name the storage is registered under, for error messages.</param>
    public SqliteGrainStateStore(SqliteDatabase database, string storageName = "Default")
    {
        _database = database;
        _storageName = storageName;
        var table = database.Table(GrainStateSchema.TableName);
        const string key = "grain_type = $type AND grain_key = $key AND state_name = $state";
        _selectSql = $"SELECT payload, etag FROM {table} WHERE {key}";
        _selectETagSql = $"SELECT etag FROM {table} WHERE {key}";
        _insertSql = $"""
            INSERT INTO {table} (grain_type, grain_key, state_name, payload, etag, updated_at) VALUES ($type, $key, $state, $payload, $etag, $now)
            ON CONFLICT (grain_type, grain_key, state_name) DO NOTHING
            """;
        _updateSql = $"UPDATE {table} SET payload = $payload, etag = $etag, updated_at = $now WHERE {key} AND etag = $expected";
        _deleteSql = $"DELETE FROM {table} WHERE {key} AND etag = $expected";
    }

    public async Task<GrainStateRecord?> ReadAsync(GrainStateId id, CancellationToken cancellationToken = default)
    {
        try
        {
            await _database.EnsureSchemaAsync(GrainStateSchema.Schema, cancellationToken).ConfigureAwait(false);
            await using var connection = await _database.OpenSqliteConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using var command = connection.CreateCommand();
            command.CommandText = _selectSql;
            AddKey(command, id);
            using var reader = command.ExecuteReader();
            if (!reader.Read()) return null;
            // A zero-length BLOB reads back as NULL through the C API; the column is NOT NULL, so that means empty.
            var payload = reader.IsDBNull(0) ? [] : (byte[])reader.GetValue(0);
            return new GrainStateRecord(payload, reader.GetString(1));
        }
        catch (Exception e) when (Failures.ShouldWrap(e, cancellationToken))
        {
            throw new StorageOperationException(Provider, _storageName, "read state", id.ToString(), e);
        }
    }

    public async Task<string> WriteAsync(GrainStateId id, ReadOnlyMemory<byte> payload, string? expectedETag, CancellationToken cancellationToken = default)
    {
        var bytes = AsArray(payload);
        var newETag = ETags.New();
        Outcome outcome;
        try
        {
            await _database.EnsureSchemaAsync(GrainStateSchema.Schema, cancellationToken).ConfigureAwait(false);
            outcome = await _database.WriteAsync(context =>
            {
                var command = context.Command(expectedETag is null ? _insertSql : _updateSql);
                AddKey(command, id);
                command.Parameters.AddWithValue("$payload", bytes);
                command.Parameters.AddWithValue("$etag", newETag);
                command.Parameters.AddWithValue("$now", StorageClock.ToUnixMicroseconds(DateTimeOffset.UtcNow));
                if (expectedETag is not null) command.Parameters.AddWithValue("$expected", expectedETag);
                return command.ExecuteNonQuery() == 1 ? new Outcome(true, newETag) : new Outcome(false, ReadETag(context, id));
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (Failures.ShouldWrap(e, cancellationToken))
        {
            throw new StorageOperationException(Provider, _storageName, "write state", id.ToString(), e);
        }
        return outcome.Succeeded ? newETag : throw Conflicts.Write(id, expectedETag, outcome.ETag);
    }

    public async Task ClearAsync(GrainStateId id, string? expectedETag, CancellationToken cancellationToken = default)
    {
        Outcome outcome;
        try
        {
            await _database.EnsureSchemaAsync(GrainStateSchema.Schema, cancellationToken).ConfigureAwait(false);
            outcome = await _database.WriteAsync(context =>
            {
                if (expectedETag is null)
                {
                    // Nothing may be stored: then clearing is a no-op; if something is, the caller is out of date.
                    var stored = ReadETag(context, id);
                    return new Outcome(stored is null, stored);
                }
                var command = context.Command(_deleteSql);
                AddKey(command, id);
                command.Parameters.AddWithValue("$expected", expectedETag);
                return command.ExecuteNonQuery() == 1 ? new Outcome(true, null) : new Outcome(false, ReadETag(context, id));
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (Failures.ShouldWrap(e, cancellationToken))
        {
            throw new StorageOperationException(Provider, _storageName, "clear state", id.ToString(), e);
        }
        if (!outcome.Succeeded) throw Conflicts.Clear(id, expectedETag, outcome.ETag);
    }

    private string? ReadETag(SqliteWriteContext context, GrainStateId id)
    {
        var command = context.Command(_selectETagSql);
        AddKey(command, id);
        return command.ExecuteScalar() as string;
    }

    private static void AddKey(SqliteCommand command, GrainStateId id)
    {
        command.Parameters.AddWithValue("$type", id.GrainType);
        command.Parameters.AddWithValue("$key", id.GrainKey);
        command.Parameters.AddWithValue("$state", id.StateName);
    }

    // The payload usually is a whole array already (the serializer's output); copy only when it is a slice.
    private static byte[] AsArray(ReadOnlyMemory<byte> payload)
        => MemoryMarshal.TryGetArray(payload, out var segment) && segment.Offset == 0 && segment.Count == segment.Array!.Length
            ? segment.Array
            : payload.ToArray();

    private readonly record struct Outcome(bool Succeeded, string? ETag);
}
