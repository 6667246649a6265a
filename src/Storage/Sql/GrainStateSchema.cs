namespace CallCenter.Storage.Sql;

/// <summary>
/// The grain state table, <c>grain_state</c>: one row per (grain type, grain key, state name) holding the serialized
/// state and its ETag.
/// </summary>
internal static class GrainStateSchema
{
    public const string TableName = "grain_state";

    public static readonly SqlSchema Schema = new("grain-state",
        new SqlMigration(1, "grain_state table", database => database.Dialect switch
        {
            // STRICT: SQLite enforces the column types. A rowid table, not WITHOUT ROWID: payloads reach megabytes, and
            // WITHOUT ROWID keeps whole rows inside the key b-tree, which suits only small rows.
            SqlDialect.Sqlite => $"""
                CREATE TABLE IF NOT EXISTS {database.Table(TableName)} (
                    grain_type TEXT    NOT NULL,
                    grain_key  TEXT    NOT NULL,
                    state_name TEXT    NOT NULL,
                    payload    BLOB    NOT NULL,
                    etag       TEXT    NOT NULL,
                    updated_at INTEGER NOT NULL, -- microseconds since 1970-01-01 UTC
                    PRIMARY KEY (grain_type, grain_key, state_name)
                ) STRICT
                """,
            // COLLATE "C": keys compare byte by byte (exact, and cheaper than a linguistic collation). fillfactor 80
            // leaves room in each page so that updating a state in place stays a HOT update (no index churn).
            _ => $"""
                CREATE TABLE IF NOT EXISTS {database.Table(TableName)} (
                    grain_type text COLLATE "C" NOT NULL,
                    grain_key  text COLLATE "C" NOT NULL,
                    state_name text COLLATE "C" NOT NULL,
                    payload    bytea       NOT NULL,
                    etag       text        NOT NULL,
                    updated_at timestamptz NOT NULL DEFAULT now(),
                    PRIMARY KEY (grain_type, grain_key, state_name)
                ) WITH (fillfactor = 80)
                """,
        }));
}
