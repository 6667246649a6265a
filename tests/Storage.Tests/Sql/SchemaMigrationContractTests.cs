using CallCenter.Storage.Sql;

namespace CallCenter.Storage.Tests.Sql;

/// <summary>The schema bootstrap of <see cref="ISqlDatabase"/>, run against each SQL dialect.</summary>
public abstract class SchemaMigrationContractTests : IAsyncLifetime
{
    private readonly List<IAsyncDisposable> _opened = [];

    /// <summary>A new, independent instance on this test's (initially empty) database.</summary>
    protected abstract ISqlDatabase OpenInstance();

    protected virtual Task DeleteStoreAsync() => Task.CompletedTask;

    private ISqlDatabase Open()
    {
        var database = OpenInstance();
        _opened.Add((IAsyncDisposable)database);
        return database;
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var database in _opened) await database.DisposeAsync();
        await DeleteStoreAsync();
    }

    // Deliberately without IF NOT EXISTS: running it twice fails, so a test passes only if it ran exactly once.
    private static SqlMigration CreateCalls => new(1, "calls table", db => $"CREATE TABLE {db.Table("calls")} (id INTEGER PRIMARY KEY, caller TEXT NOT NULL)");

    private static SqlMigration AddCallee => new(2, "calls.callee", db => $"ALTER TABLE {db.Table("calls")} ADD COLUMN callee TEXT");

    private static async Task<long> CountAsync(ISqlDatabase database, string sql)
    {
        await using var connection = await database.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task Migrations_are_applied_in_order_and_the_latest_version_is_recorded()
    {
        var database = Open();

        await database.EnsureSchemaAsync(new SqlSchema("call-logs", CreateCalls, AddCallee));

        Assert.Equal(2, await SchemaMigrator.ReadVersionAsync(database, "call-logs"));
        Assert.Equal(0L, await CountAsync(database, $"SELECT count(callee) FROM {database.Table("calls")}"));
    }

    [Fact]
    public async Task A_database_at_an_older_version_gets_only_the_newer_migrations()
    {
        await Open().EnsureSchemaAsync(new SqlSchema("call-logs", CreateCalls));

        var upgraded = Open();
        await upgraded.EnsureSchemaAsync(new SqlSchema("call-logs", CreateCalls, AddCallee));
        await upgraded.EnsureSchemaAsync(new SqlSchema("call-logs", CreateCalls, AddCallee)); // again: a no-op

        Assert.Equal(2, await SchemaMigrator.ReadVersionAsync(upgraded, "call-logs"));
    }

    [Fact]
    public async Task Components_keep_their_own_versions()
    {
        var database = Open();

        await database.EnsureSchemaAsync(new SqlSchema("call-logs", CreateCalls, AddCallee));
        await database.EnsureSchemaAsync(new SqlSchema("agents", new SqlMigration(1, "agents", db => $"CREATE TABLE {db.Table("agents")} (id TEXT PRIMARY KEY)")));

        Assert.Equal(2, await SchemaMigrator.ReadVersionAsync(database, "call-logs"));
        Assert.Equal(1, await SchemaMigrator.ReadVersionAsync(database, "agents"));
    }

    [Fact]
    public async Task Instances_bootstrapping_at_the_same_time_apply_each_migration_once()
    {
        var instances = Enumerable.Range(0, 5).Select(_ => Open()).ToList();
        var schema = new SqlSchema("call-logs", CreateCalls, AddCallee);

        await Task.WhenAll(instances.Select(database => Task.Run(() => database.EnsureSchemaAsync(schema))));

        Assert.Equal(2, await SchemaMigrator.ReadVersionAsync(instances[0], "call-logs"));
    }

    [Fact]
    public async Task A_failing_migration_names_itself_changes_nothing_and_is_retried_on_the_next_call()
    {
        var database = Open();
        var broken = new SqlSchema("call-logs", CreateCalls, new SqlMigration(2, "broken step", _ => "THIS IS NOT SQL"));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => database.EnsureSchemaAsync(broken));

        Assert.Contains("call-logs v2 (broken step)", error.Message, StringComparison.Ordinal);
        Assert.Contains(database.Description, error.Message, StringComparison.Ordinal);
        Assert.Equal(0, await SchemaMigrator.ReadVersionAsync(database, "call-logs")); // v1 rolled back with v2
        await database.EnsureSchemaAsync(new SqlSchema("call-logs", CreateCalls, AddCallee));
        Assert.Equal(2, await SchemaMigrator.ReadVersionAsync(database, "call-logs"));
    }

    [Fact]
    public void Versions_must_run_from_one_without_gaps()
    {
        Assert.Throws<ArgumentException>(() => new SqlSchema("x", AddCallee));
        Assert.Throws<ArgumentException>(() => new SqlSchema("x", CreateCalls, CreateCalls));
        Assert.Throws<ArgumentException>(() => new SqlSchema("x"));
    }
}
