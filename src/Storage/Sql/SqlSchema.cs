namespace CallCenter.Storage.Sql;

/// <summary>
/// The tables one component owns (say "grain-state" or "call-logs"), as an ordered list of migrations. The version
/// reached is kept per component in the <c>schema_version</c> table, so components evolve independently.
/// </summary>
/// <remarks>
/// Migrations are append-only: once released a migration never changes; a new column or index is a new migration. They
/// must also be additive (new tables, columns with defaults, indexes), because during a rolling upgrade processes of the
/// previous build keep running against the migrated schema. A database at a newer version than this build knows is
/// therefore accepted as is.
/// </remarks>
public sealed record SqlSchema
{
    public SqlSchema(string component, params IReadOnlyList<SqlMigration> migrations)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(component);
        if (migrations.Count == 0) throw new ArgumentException($"Schema '{component}' has no migrations.", nameof(migrations));
        for (var i = 0; i < migrations.Count; i++)
        {
            if (migrations[i].Version != i + 1)
                throw new ArgumentException($"Schema '{component}': migration #{i + 1} has version {migrations[i].Version}; versions must run 1, 2, 3, ...", nameof(migrations));
        }
        Component = component;
        Migrations = migrations;
    }

    public string Component { get; }

    public IReadOnlyList<SqlMigration> Migrations { get; }

    public int LatestVersion => Migrations.Count;
}
