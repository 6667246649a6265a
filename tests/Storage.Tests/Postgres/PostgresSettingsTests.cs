using CallCenter.Storage.Postgres;
using Npgsql;

namespace CallCenter.Storage.Tests.Postgres;

/// <summary>How the options become the data source's settings (no server needed).</summary>
public sealed class PostgresSettingsTests
{
    private static NpgsqlConnectionStringBuilder Effective(string connectionString)
    {
        using var database = new PostgresDatabase(new PostgresStorageOptions { ConnectionString = connectionString });
        return new NpgsqlConnectionStringBuilder(database.DataSource.ConnectionString);
    }

    [Fact]
    public void Statements_are_auto_prepared_unless_the_connection_string_says_otherwise()
    {
        Assert.Equal(PostgresDatabase.DefaultMaxAutoPrepare, Effective("Host=db").MaxAutoPrepare);
        Assert.Equal(0, Effective("Host=db;Max Auto Prepare=0").MaxAutoPrepare);
        Assert.Equal(5, Effective("Host=db;maxautoprepare=5").MaxAutoPrepare);
    }

    [Fact]
    public void The_application_name_defaults_to_callcenter_and_an_explicit_one_wins()
    {
        Assert.Equal("CallCenter", Effective("Host=db").ApplicationName);
        Assert.Equal("silo-3", Effective("Host=db;Application Name=silo-3").ApplicationName);
    }

    [Fact]
    public void The_search_path_is_the_quoted_schema_unless_the_connection_string_sets_one()
    {
        using var mixedCase = new PostgresDatabase(new PostgresStorageOptions { ConnectionString = "Host=db", Schema = "CallCenter" });

        Assert.Equal("\"CallCenter\"", new NpgsqlConnectionStringBuilder(mixedCase.DataSource.ConnectionString).SearchPath);
        Assert.Equal("other,public", Effective("Host=db;Search Path=other,public").SearchPath);
    }

    [Fact]
    public void The_defaults_are_the_public_schema_without_a_prefix()
    {
        using var database = new PostgresDatabase(new PostgresStorageOptions { ConnectionString = "Host=db" });

        Assert.Equal("\"public\".\"grain_state\"", database.Table("grain_state"));
        Assert.Equal("\"grain_state_pkey\"", database.ObjectName("grain_state_pkey"));
    }
}
