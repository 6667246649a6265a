namespace CallCenter.Storage.Sql;

/// <summary>Which SQL a <see cref="ISqlDatabase"/> speaks. Code that writes its own SQL switches on this.</summary>
public enum SqlDialect
{
    /// <summary>SQLite 3.50 (bundled e_sqlite3): STRICT tables, UPSERT, RETURNING.</summary>
    Sqlite,

    /// <summary>PostgreSQL 13 or newer.</summary>
    Postgres,
}
