namespace CallCenter.Storage.Postgres;

/// <summary>
/// Settings of the PostgreSQL provider (configuration section <c>Storage:Postgres</c>, or the section passed to the
/// registration method).
/// </summary>
public sealed class PostgresStorageOptions
{
    /// <summary>An Npgsql connection string. Pool size and timeouts are set here (<c>Maximum Pool Size</c>,
    /// <c>Timeout</c>, <c>Command Timeout</c>); keep the password in a secret store or environment variable
    /// (<c>Storage__Postgres__ConnectionString</c>), never in a checked-in file.</summary>
    public string ConnectionString { get; set; } = "";

    /// <summary>The PostgreSQL schema holding the tables; created if missing (which needs the CREATE privilege on the
    /// database; create it beforehand otherwise).</summary>
    public string Schema { get; set; } = "public";

    /// <summary>Prepended to every table and index name, so several deployments (or test runs) can share a schema.
    /// Letters, digits and underscores.</summary>
    public string TablePrefix { get; set; } = "";
}
