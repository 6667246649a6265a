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

    /// <summary>Prepended to every table and index name of the project's own tables, so several deployments (or test
    /// runs) can share a schema. Letters, digits and underscores. It does not apply to the tables of Orleans' ADO.NET
    /// providers: those find their statements through the fixed <c>OrleansQuery</c> table, one per schema, and keep
    /// deployments apart by Orleans' service and cluster ids instead.</summary>
    public string TablePrefix { get; set; } = "";

    /// <summary>Which implementation keeps grain state: <see cref="PostgresGrainStorageKind.Project"/> (default) or
    /// <see cref="PostgresGrainStorageKind.AdoNet"/>. Both keep the state as System.Text.Json without CLR type names; they
    /// use different tables, so switching does not carry existing state over.</summary>
    public PostgresGrainStorageKind GrainStorage { get; set; } = PostgresGrainStorageKind.Project;
}
