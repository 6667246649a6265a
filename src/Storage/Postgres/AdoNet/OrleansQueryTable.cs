using System.Text;

namespace CallCenter.Storage.Postgres.AdoNet;

/// <summary>
/// The table through which Orleans' ADO.NET providers find their SQL. At start-up each of them runs
/// <c>SELECT QueryKey, QueryText FROM OrleansQuery</c> and from then on executes the text stored under each key it needs,
/// binding its parameters by name (<c>@ServiceId</c>, <c>@GrainIdHash</c>, ...) and reading result columns by name. The
/// statement names the table without a schema, so it is found through the connection's search path, which
/// <see cref="PostgresDatabase"/> sets to the configured schema: one <c>OrleansQuery</c> table per schema.
/// </summary>
internal static class OrleansQueryTable
{
    /// <summary>The providers write the name unquoted, which PostgreSQL folds to lower case.</summary>
    public const string TableName = "orleansquery";

    public static string Create(PostgresDatabase database) => $"""
        CREATE TABLE IF NOT EXISTS {database.SchemaTable(TableName)} (
            querykey  text COLLATE "C" NOT NULL PRIMARY KEY,
            querytext text NOT NULL
        )
        """;

    /// <summary>Stores the statements under their keys, replacing older texts: a later migration that changes a statement
    /// simply stores it again.</summary>
    public static string Upsert(PostgresDatabase database, IReadOnlyList<(string Key, string Text)> queries)
    {
        var sql = new StringBuilder($"INSERT INTO {database.SchemaTable(TableName)} (querykey, querytext) VALUES");
        for (var i = 0; i < queries.Count; i++)
        {
            // The texts are ours (no outside input), but they contain quotes; standard_conforming_strings (on since
            // PostgreSQL 9.1) makes doubling the single quotes the whole escaping.
            sql.Append(i == 0 ? "\n" : ",\n").Append("    ('").Append(queries[i].Key).Append("', '").Append(queries[i].Text.Replace("'", "''", StringComparison.Ordinal)).Append("')");
        }
        sql.Append("\nON CONFLICT (querykey) DO UPDATE SET querytext = excluded.querytext");
        return sql.ToString();
    }
}
