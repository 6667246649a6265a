using System.Data.Common;

namespace CallCenter.Storage.Sql;

/// <summary>
/// The seam every relational table in CallCenter goes through (grain state and reminders today, call logs later): which
/// dialect to write, what the tables are called after the configured schema and prefix, pooled connections, and a
/// versioned schema bootstrap. Deliberately small: it hands out ordinary ADO.NET connections and leaves the SQL to the
/// table's owner.
/// </summary>
/// <remarks>
/// One instance per database (file or server + schema + prefix), shared by every storage name that points at it and
/// registered in DI as a keyed <see cref="ISqlDatabase"/> under each storage name. The instance owns its pool; do not
/// dispose it yourself.
/// </remarks>
public interface ISqlDatabase
{
    SqlDialect Dialect { get; }

    /// <summary>Where the data lives, safe to log: a file path, or host/port/database/schema. Never a password.</summary>
    string Description { get; }

    /// <summary>The quoted, schema-qualified name of table <paramref name="name"/> after the configured prefix,
    /// ready to paste into SQL (for example <c>"callcenter"."cc_grain_state"</c>).</summary>
    /// <param name="name">Lower-case letters, digits and underscores.</param>
    string Table(string name);

    /// <summary>The quoted, prefixed but unqualified name for another schema object (an index, a constraint), which
    /// PostgreSQL creates in its table's schema.</summary>
    string ObjectName(string name);

    /// <summary>An open connection from the pool, already configured (SQLite: busy timeout and synchronous mode).
    /// Dispose it to return it.</summary>
    ValueTask<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken = default);

    /// <summary>Brings <paramref name="schema"/> up to its newest version: applies, in order and each in one transaction
    /// with the version record, the migrations newer than the version stored for the component. Safe to call from many
    /// threads and processes at once (SQLite: the write lock; PostgreSQL: an advisory lock); after the first success
    /// per instance it costs nothing.</summary>
    Task EnsureSchemaAsync(SqlSchema schema, CancellationToken cancellationToken = default);
}
