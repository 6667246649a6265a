using Orleans.Storage;
using CallCenter.Storage.Postgres;
using CallCenter.Storage.Sql;
using CallCenter.Storage.Tests.Infrastructure;
using Npgsql;

namespace CallCenter.Storage.Tests.Postgres;

/// <summary>What is particular to the PostgreSQL provider: naming and isolation, the pool, failures.</summary>
public sealed class PostgresDatabaseTests(PostgresSchemaFixture server) : IClassFixture<PostgresSchemaFixture>
{
    private static async Task<List<string>> TablesAsync(PostgresDatabase database, string schema)
    {
        await using var command = database.DataSource.CreateCommand("SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY table_name");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = schema });
        await using var reader = await command.ExecuteReaderAsync();
        var names = new List<string>();
        while (await reader.ReadAsync()) names.Add(reader.GetString(0));
        return names;
    }

    [Fact]
    public async Task The_schema_is_created_on_first_use_and_every_table_carries_the_prefix()
    {
        var prefix = PostgresSchemaFixture.UniquePrefix();
        await using var database = new PostgresDatabase(server.Options(prefix));

        await new PostgresGrainStateStore(database).ReadAsync(new GrainStateId("t", "k", "s"));

        // Other tests of the class share the schema with prefixes of their own.
        Assert.Equal([prefix + "grain_state", prefix + "schema_version"], (await TablesAsync(database, server.Schema)).Where(t => t.StartsWith(prefix, StringComparison.Ordinal)));
        Assert.Equal($"\"{server.Schema}\".\"{prefix}grain_state\"", database.Table("grain_state"));
        Assert.Equal(SqlDialect.Postgres, database.Dialect);
    }

    [Fact]
    public async Task Two_prefixes_in_one_schema_do_not_see_each_others_state()
    {
        await using var first = new PostgresDatabase(server.Options(PostgresSchemaFixture.UniquePrefix()));
        await using var second = new PostgresDatabase(server.Options(PostgresSchemaFixture.UniquePrefix()));
        var id = new GrainStateId("t", "k", "s");

        await new PostgresGrainStateStore(first).WriteAsync(id, new byte[] { 1 }, null);

        Assert.Null(await new PostgresGrainStateStore(second).ReadAsync(id));
    }

    [Fact]
    public async Task Connections_search_the_configured_schema_so_orleans_finds_its_statements_table()
    {
        await using var database = new PostgresDatabase(server.Options(PostgresSchemaFixture.UniquePrefix()));
        await new PostgresGrainStateStore(database).ReadAsync(new GrainStateId("t", "k", "s")); // creates the schema
        await using var connection = await database.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT current_schemas(false)"; // the search path's schemas that exist

        Assert.Equal([server.Schema], (string[])(await command.ExecuteScalarAsync())!);
    }

    [Fact]
    public async Task Connections_come_from_a_pool_and_identify_the_application()
    {
        await using var database = new PostgresDatabase(server.Options());
        await using var connection = await database.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT application_name FROM pg_stat_activity WHERE pid = pg_backend_pid()";

        Assert.Equal("CallCenter", await command.ExecuteScalarAsync());
        Assert.True(new NpgsqlConnectionStringBuilder(database.DataSource.ConnectionString).Pooling);
    }

    [Fact]
    public async Task Racing_silos_with_their_own_pools_create_a_state_exactly_once()
    {
        var prefix = PostgresSchemaFixture.UniquePrefix();
        var silos = Enumerable.Range(0, 4).Select(_ => new PostgresDatabase(server.Options(prefix))).ToList();
        try
        {
            var id = new GrainStateId("call", "tenant1:race", "state");
            var results = await Task.WhenAll(silos.SelectMany(silo => Enumerable.Range(0, 5).Select(_ => Task.Run(async () =>
            {
                try
                {
                    return await new PostgresGrainStateStore(silo).WriteAsync(id, new byte[] { 1 }, null);
                }
                catch (InconsistentStateException e)
                {
                    Assert.NotNull(e.StoredEtag);
                    return null;
                }
            }))));

            Assert.Single(results, r => r is not null);
        }
        finally
        {
            foreach (var silo in silos) await silo.DisposeAsync();
        }
    }
}
