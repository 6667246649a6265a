using Orleans.Storage;
using CallCenter.Storage.Postgres;

namespace CallCenter.Storage.Tests.Postgres;

/// <summary>Failures that need no server: an unreachable one and bad settings.</summary>
public sealed class PostgresFailureTests
{
    private const string Secret = "TopSecret-7f3a";

    [Fact]
    public async Task An_unreachable_server_fails_with_an_error_that_names_the_state_and_not_the_password()
    {
        await using var database = new PostgresDatabase(new PostgresStorageOptions
        {
            ConnectionString = $"Host=127.0.0.1;Port=1;Username=callcenter;Password={Secret};Timeout=2",
        });
        var storage = new PostgresGrainStateStore(database, "Default");

        var error = await Assert.ThrowsAsync<StorageOperationException>(() => storage.WriteAsync(new GrainStateId("call", "tenant1:42", "state"), new byte[] { 1 }, null));

        Assert.StartsWith("PostgreSQL storage 'Default' could not write state call/tenant1:42/state", error.Message, StringComparison.Ordinal);
        Assert.Equal("call/tenant1:42/state", error.Target);
        Assert.DoesNotContain(Secret, error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, database.Description, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("bad-schema", "")]
    [InlineData("x\"; DROP SCHEMA public; --", "")]
    [InlineData("callcenter", "bad prefix")]
    [InlineData("", "")]
    [InlineData("callcenter", "a_prefix_that_is_far_too_long_for_postgres_table_names_")]
    public void Names_that_are_not_plain_identifiers_are_refused(string schema, string prefix)
    {
        Assert.Throws<ArgumentException>(() => new PostgresDatabase(new PostgresStorageOptions { ConnectionString = "Host=localhost", Schema = schema, TablePrefix = prefix }));
    }

    [Fact]
    public void A_missing_connection_string_is_refused_with_the_setting_it_comes_from()
    {
        var error = Assert.Throws<ArgumentException>(() => new PostgresDatabase(new PostgresStorageOptions()));

        Assert.Contains("Storage:Postgres:ConnectionString", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_invalid_connection_string_is_refused_without_echoing_its_password()
    {
        var error = Assert.Throws<ArgumentException>(() => new PostgresDatabase(new PostgresStorageOptions { ConnectionString = $"Host=x;Password={Secret};NoSuchKeyword=1" }));

        Assert.DoesNotContain(Secret, error.Message, StringComparison.Ordinal);
    }
}
