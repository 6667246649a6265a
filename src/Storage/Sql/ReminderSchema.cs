namespace CallCenter.Storage.Sql;

/// <summary>
/// The reminders table of the SQLite store, <c>reminders</c>: one row per (grain type, grain key, reminder name) with its
/// first due time, its period and its ETag.
/// </summary>
internal static class ReminderSchema
{
    public const string TableName = "reminders";

    public static readonly SqlSchema Schema = new("reminders",
        new SqlMigration(1, "reminders table", database => database.Dialect switch
        {
            // Times as integer microseconds: exact, sortable, and the same resolution as PostgreSQL's.
            SqlDialect.Sqlite => $"""
                CREATE TABLE IF NOT EXISTS {database.Table(TableName)} (
                    grain_type TEXT    NOT NULL,
                    grain_key  TEXT    NOT NULL,
                    name       TEXT    NOT NULL,
                    start_at   INTEGER NOT NULL, -- microseconds since 1970-01-01 UTC
                    period     INTEGER NOT NULL, -- microseconds
                    etag       TEXT    NOT NULL,
                    PRIMARY KEY (grain_type, grain_key, name)
                ) STRICT, WITHOUT ROWID
                """,
            // PostgreSQL keeps reminders in Orleans' ADO.NET reminder table (Postgres/AdoNet/AdoNetReminderSchema), which
            // also stores the grain hash that a cluster's range reads need.
            _ => throw new NotSupportedException($"The project's reminder store is SQLite's; on {database.Dialect} reminders live in Orleans' ADO.NET reminder table."),
        }));
}
