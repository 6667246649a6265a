using System.Reflection;
using System.Text.RegularExpressions;
using CallCenter.Storage.Hosting;
using CallCenter.Storage.Postgres;
using CallCenter.Storage.Postgres.AdoNet;
using CallCenter.Storage.Sql;
using CallCenter.Storage.Sqlite;
using CallCenter.Storage.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Orleans;
using Orleans.Configuration;
using Orleans.Runtime;
using Orleans.Runtime.MembershipService;
using Orleans.Storage;

namespace CallCenter.Storage.Tests.Postgres;

/// <summary>The schema for Orleans' ADO.NET providers: versioned, idempotent, and complete for the providers' contract.</summary>
public sealed partial class AdoNetSchemaTests(PostgresSchemaFixture server) : IClassFixture<PostgresSchemaFixture>
{
    private static async Task<List<string>> StringsAsync(PostgresDatabase database, string sql, params string[] parameters)
    {
        await using var command = database.DataSource.CreateCommand(sql);
        foreach (var parameter in parameters) command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = parameter });
        await using var reader = await command.ExecuteReaderAsync();
        var values = new List<string>();
        while (await reader.ReadAsync()) values.Add(reader.GetString(0));
        return values;
    }

    private static Task<List<string>> QueryKeysAsync(PostgresDatabase database)
        => StringsAsync(database, "SELECT querykey FROM orleansquery ORDER BY querykey"); // through the search path, as Orleans reads it

    /// <summary>The keys each provider requires: the properties of the internal <c>DbStoredQueries</c> contract class
    /// compiled into the reminder and clustering assemblies, and the keys the grain storage's initialization query
    /// selects (all but the optional <c>DeleteStorageKey</c>, deliberately left out).</summary>
    private static IEnumerable<string> RequiredQueryKeys()
    {
        foreach (var assembly in new[] { typeof(AdoNetReminderTableOptions).Assembly, typeof(AdoNetClusteringTable).Assembly })
        {
            var contract = assembly.GetTypes().Single(t => t.Name == "DbStoredQueries");
            foreach (var property in contract.GetProperties(BindingFlags.Instance | BindingFlags.NonPublic)) yield return property.Name;
        }
        foreach (Match key in QueryKey().Matches(AdoNetGrainStorage.DefaultInitializationQuery))
        {
            if (key.Groups[1].Value != "DeleteStorageKey") yield return key.Groups[1].Value;
        }
    }

    [GeneratedRegex("'(\\w+Key)'")]
    private static partial Regex QueryKey();

    [Fact]
    public async Task Applying_the_schema_twice_is_harmless_and_records_each_components_version()
    {
        var options = server.IsolatedOptions();
        await using (var first = new PostgresDatabase(options)) await AdoNetSchemas.EnsureAsync(first);
        await using var second = new PostgresDatabase(options); // a new instance runs the bootstrap again

        await AdoNetSchemas.EnsureAsync(second);
        await AdoNetSchemas.EnsureAsync(second);

        foreach (var schema in AdoNetSchemas.All) Assert.Equal(schema.LatestVersion, await SchemaMigrator.ReadVersionAsync(second, schema.Component));
        Assert.Equal(["orleans-clustering", "orleans-persistence", "orleans-reminders"],
            await StringsAsync(second, $"SELECT component FROM {second.Table("schema_version")} WHERE component LIKE 'orleans-%' ORDER BY component"));
        Assert.Equal(
            ["orleans_grain_state", "orleans_membership", "orleans_membership_version", "orleans_reminders", "orleansquery", "schema_version"],
            await StringsAsync(second, "SELECT table_name::text FROM information_schema.tables WHERE table_schema = $1 ORDER BY table_name", options.Schema));
    }

    [Fact]
    public async Task Applying_it_a_second_time_over_tables_left_without_a_version_record_succeeds()
    {
        // A run interrupted after its DDL but before the version record (or a DBA who ran the SQL by hand): IF NOT EXISTS
        // and the upsert of the statements make the step safe to run again.
        var options = server.IsolatedOptions();
        await using (var first = new PostgresDatabase(options)) await AdoNetSchemas.EnsureAsync(first);
        await using var database = new PostgresDatabase(options);
        await using (var forget = database.DataSource.CreateCommand($"DELETE FROM {database.Table("schema_version")} WHERE component LIKE 'orleans-%'")) await forget.ExecuteNonQueryAsync();

        await AdoNetSchemas.EnsureAsync(database);

        Assert.Equal(1, await SchemaMigrator.ReadVersionAsync(database, "orleans-reminders"));
    }

    [Fact]
    public async Task Silos_starting_together_apply_it_once_without_errors()
    {
        var options = server.IsolatedOptions();
        var silos = Enumerable.Range(0, 4).Select(_ => new PostgresDatabase(options)).ToList();
        try
        {
            await Task.WhenAll(silos.Select(silo => Task.Run(() => AdoNetSchemas.EnsureAsync(silo))));

            Assert.Equal(1, await SchemaMigrator.ReadVersionAsync(silos[0], "orleans-persistence"));
        }
        finally
        {
            foreach (var silo in silos) await silo.DisposeAsync();
        }
    }

    [Fact]
    public async Task Every_statement_the_providers_look_up_is_stored()
    {
        var required = RequiredQueryKeys().Distinct().Order(StringComparer.Ordinal).ToList();
        await using var database = new PostgresDatabase(server.IsolatedOptions());

        await AdoNetSchemas.EnsureAsync(database);

        Assert.Contains("ReadRangeRows2Key", required); // the reflection found the contract
        Assert.Contains("CleanupDefunctSiloEntriesKey", required);
        Assert.Contains("WriteToStorageKey", required);
        Assert.Equal(required, await QueryKeysAsync(database));
    }

    [Fact]
    public async Task The_statements_name_the_configured_schema_and_the_tables_ignore_the_table_prefix()
    {
        var options = server.IsolatedOptions();
        options.TablePrefix = "cc_";
        await using var database = new PostgresDatabase(options);

        await AdoNetSchemas.EnsureAsync(database);

        var texts = await StringsAsync(database, "SELECT querytext FROM orleansquery");
        Assert.All(texts, text => Assert.Contains($"\"{options.Schema}\".\"orleans_", text, StringComparison.Ordinal));
        Assert.Equal(1, await SchemaMigrator.ReadVersionAsync(database, "orleans-clustering")); // recorded in cc_schema_version
        Assert.Contains("cc_schema_version", await StringsAsync(database, "SELECT table_name::text FROM information_schema.tables WHERE table_schema = $1", options.Schema));
    }

    [Fact]
    public async Task A_mixed_case_schema_is_found_by_the_providers_through_the_quoted_search_path()
    {
        var options = server.IsolatedOptions("Storage_Test_");
        await using (var database = new PostgresDatabase(options)) await AdoNetSchemas.EnsureAsync(database);
        var services = AdoNetProviders.Services().AddPostgresReminderTable(o =>
        {
            o.ConnectionString = options.ConnectionString;
            o.Schema = options.Schema;
        });
        await using var provider = services.BuildServiceProvider();
        var table = provider.GetRequiredService<IReminderTable>();
        var grainId = GrainId.Create("agent", "tenant1:1001");

        await table.StartAsync();
        var etag = await table.UpsertRow(new ReminderEntry { GrainId = grainId, ReminderName = "acw", StartAt = DateTime.UtcNow, Period = TimeSpan.FromMinutes(1) });

        Assert.Equal(etag, (await table.ReadRow(grainId, "acw"))!.ETag);
    }

    [Fact]
    public async Task On_sqlite_it_is_refused_by_name()
    {
        using var directory = new TemporaryDirectory();
        await using var sqlite = new SqliteDatabase(new SqliteStorageOptions { ConnectionString = $"Data Source={directory.File("x.db")}" });

        var error = await Assert.ThrowsAnyAsync<Exception>(() => sqlite.EnsureSchemaAsync(AdoNetSchemas.All[0]));

        Assert.Contains("PostgreSQL", error.ToString(), StringComparison.Ordinal);
    }
}
