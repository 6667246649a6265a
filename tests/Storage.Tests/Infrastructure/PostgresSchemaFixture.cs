using CallCenter.Storage.Postgres;
using Npgsql;

namespace CallCenter.Storage.Tests.Infrastructure;

/// <summary>
/// A fresh PostgreSQL schema for one test class on the server named by <c>CALLCENTER_TEST_POSTGRES</c>, dropped with
/// everything in it after the class. Without the variable every PostgreSQL test fails (on purpose: a green run must
/// mean the production provider was exercised).
/// </summary>
public sealed class PostgresSchemaFixture : IAsyncLifetime
{
    public const string Variable = "CALLCENTER_TEST_POSTGRES";

    public PostgresSchemaFixture()
    {
        var value = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrWhiteSpace(value))
            throw new InvalidOperationException(
                $"{Variable} is not set, so the PostgreSQL storage tests cannot run. Run the tests through scripts/test.sh, which starts a " +
                $"throwaway PostgreSQL and sets it; or start one with `scripts/postgres.sh start /tmp/pg-tests` and export {Variable} " +
                "with the connection string it prints.");
        ConnectionString = value;
    }

    private readonly List<string> _schemas = [];

    public string ConnectionString { get; }

    public string Schema { get; } = "storage_test_" + Guid.NewGuid().ToString("N")[..12];

    public PostgresStorageOptions Options(string tablePrefix = "") => new() { ConnectionString = ConnectionString, Schema = Schema, TablePrefix = tablePrefix };

    /// <summary>Options on a schema of its own, dropped with the class's: for Orleans' ADO.NET tables, which are per
    /// schema (a table prefix does not separate them).</summary>
    public PostgresStorageOptions IsolatedOptions(string schemaPrefix = "storage_test_")
    {
        var schema = schemaPrefix + Guid.NewGuid().ToString("N")[..12];
        lock (_schemas) _schemas.Add(schema);
        return new PostgresStorageOptions { ConnectionString = ConnectionString, Schema = schema };
    }

    /// <summary>A table prefix no other test uses, to isolate one test's tables within the class's schema.</summary>
    public static string UniquePrefix() => "t" + Guid.NewGuid().ToString("N")[..10] + "_";

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        List<string> schemas;
        lock (_schemas) schemas = [Schema, .. _schemas];
        foreach (var schema in schemas)
        {
            await using var drop = new NpgsqlCommand($"DROP SCHEMA IF EXISTS \"{schema}\" CASCADE", connection);
            await drop.ExecuteNonQueryAsync();
        }
    }
}
