using System.Data.Common;
using System.Globalization;

namespace CallCenter.Storage.Sql;

/// <summary>
/// The dialect-neutral half of <see cref="ISqlDatabase.EnsureSchemaAsync"/>: inside a transaction the caller already
/// holds exclusively (SQLite's write lock, PostgreSQL's advisory lock), read the component's version and apply the newer
/// migrations. The version table is the one every component shares: <c>schema_version(component, version,
/// description, applied_at)</c>.
/// </summary>
internal static class SchemaMigrator
{
    public const string VersionTable = "schema_version";

    public static async Task ApplyAsync(ISqlDatabase database, DbConnection connection, DbTransaction transaction, SqlSchema schema, CancellationToken cancellationToken)
    {
        var versionTable = database.Table(VersionTable);
        var createVersionTable = database.Dialect switch
        {
            SqlDialect.Sqlite => $"""
                CREATE TABLE IF NOT EXISTS {versionTable} (
                    component   TEXT    NOT NULL PRIMARY KEY,
                    version     INTEGER NOT NULL,
                    description TEXT    NOT NULL,
                    applied_at  TEXT    NOT NULL
                ) STRICT
                """,
            _ => $"""
                CREATE TABLE IF NOT EXISTS {versionTable} (
                    component   text        NOT NULL PRIMARY KEY,
                    version     integer     NOT NULL,
                    description text        NOT NULL,
                    applied_at  timestamptz NOT NULL
                )
                """,
        };
        await ExecuteAsync(connection, transaction, createVersionTable, [], cancellationToken).ConfigureAwait(false);

        var current = 0;
        await using (var read = Command(connection, transaction, $"SELECT version FROM {versionTable} WHERE component = @component", [("component", schema.Component)]))
        {
            var value = await read.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
            if (value is not null and not DBNull) current = Convert.ToInt32(value, CultureInfo.InvariantCulture);
        }

        foreach (var migration in schema.Migrations.Where(m => m.Version > current))
        {
            try
            {
                await ExecuteAsync(connection, transaction, migration.Script(database), [], cancellationToken).ConfigureAwait(false);
            }
            catch (DbException e)
            {
                throw new InvalidOperationException(
                    $"Schema migration {schema.Component} v{migration.Version} ({migration.Description}) failed on {database.Description}: {e.Message}", e);
            }
        }

        if (schema.LatestVersion > current)
        {
            var latest = schema.Migrations[^1];
            var upsert = $"""
                INSERT INTO {versionTable} (component, version, description, applied_at) VALUES (@component, @version, @description, @applied_at)
                ON CONFLICT (component) DO UPDATE SET version = excluded.version, description = excluded.description, applied_at = excluded.applied_at
                """;
            object appliedAt = database.Dialect == SqlDialect.Sqlite ? DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture) : DateTimeOffset.UtcNow;
            await ExecuteAsync(connection, transaction, upsert,
                [("component", schema.Component), ("version", latest.Version), ("description", latest.Description), ("applied_at", appliedAt)],
                cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The version recorded for <paramref name="component"/>, 0 if none (or no version table yet).</summary>
    public static async Task<int> ReadVersionAsync(ISqlDatabase database, string component, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, null, $"SELECT version FROM {database.Table(VersionTable)} WHERE component = @component", [("component", component)]);
        try
        {
            var value = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
            return value is null or DBNull ? 0 : Convert.ToInt32(value, CultureInfo.InvariantCulture);
        }
        catch (DbException)
        {
            return 0;
        }
    }

    private static async Task ExecuteAsync(DbConnection connection, DbTransaction transaction, string sql, (string Name, object Value)[] parameters, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction, sql, parameters);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql, (string Name, object Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }
        return command;
    }
}
