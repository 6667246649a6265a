using CallCenter.Storage.Sql;

namespace CallCenter.Storage.Postgres.AdoNet;

/// <summary>
/// The project's schema for Orleans' ADO.NET providers on PostgreSQL. No SQL ships with the Orleans packages; these
/// tables and the <c>OrleansQuery</c> statements are ours, written for the providers' query contract (which keys they look
/// up, which parameters they bind, which columns they read). Three components in the shared <c>schema_version</c> table,
/// versioned and applied like every other <see cref="SqlSchema"/>: at silo start-up (<see cref="AdoNetSchemaBootstrap"/>),
/// idempotently, under the schema's advisory lock.
/// </summary>
/// <remarks>
/// The tables are named by the schema alone, without <see cref="PostgresStorageOptions.TablePrefix"/>: the providers read
/// the fixed table <c>OrleansQuery</c> through the search path, so there is one set of statements per schema, and a
/// second prefix in the same schema shares these tables (Orleans separates deployments by service and cluster id). The
/// version record is still kept in the prefixed <c>schema_version</c>, so each prefix checks the shared tables once.
/// </remarks>
public static class AdoNetSchemas
{
    /// <summary>Grain state, reminders, membership; applied in this order.</summary>
    public static IReadOnlyList<SqlSchema> All { get; } = [AdoNetPersistenceSchema.Schema, AdoNetReminderSchema.Schema, AdoNetClusteringSchema.Schema];

    /// <summary>The ADO.NET invariant name Orleans' providers use for Npgsql.</summary>
    public const string Invariant = "Npgsql";

    /// <summary>Brings every component up to date (a no-op after the first success per database instance).</summary>
    public static async Task EnsureAsync(PostgresDatabase database, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(database);
        foreach (var schema in All) await database.EnsureSchemaAsync(schema, cancellationToken).ConfigureAwait(false);
    }

    internal static PostgresDatabase Postgres(ISqlDatabase database) => database as PostgresDatabase
        ?? throw new NotSupportedException($"The schema for Orleans' ADO.NET providers is written for PostgreSQL, not {database.Dialect} ({database.Description}).");
}
