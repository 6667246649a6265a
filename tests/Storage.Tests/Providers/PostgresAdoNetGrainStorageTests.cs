using CallCenter.Runtime.Serialization;
using CallCenter.Storage.Postgres;
using CallCenter.Storage.Postgres.AdoNet;
using CallCenter.Storage.Tests.Contract;
using CallCenter.Storage.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Configuration;
using Orleans.Runtime;
using Orleans.Storage;

namespace CallCenter.Storage.Tests.Providers;

/// <summary>Orleans' ADO.NET grain storage on the project's schema (<c>Storage:Postgres:GrainStorage</c> =
/// <c>AdoNet</c>), registered and started as a silo would, each test on a schema of its own.</summary>
public sealed class PostgresAdoNetGrainStorageTests(PostgresSchemaFixture server) : GrainStorageContractTests, IClassFixture<PostgresSchemaFixture>
{
    private readonly PostgresStorageOptions _options = server.IsolatedOptions();
    private ServiceProvider? _provider;
    private PostgresDatabase? _database;

    protected override async Task<IGrainStorage> OpenStorageAsync()
    {
        _provider = await AdoNetProviders.StartGrainStorageAsync(_options);
        _database = new PostgresDatabase(_options);
        return _provider.GetRequiredKeyedService<IGrainStorage>("Default");
    }

    /// <summary>By state name and string key: the tests that look at stored bytes use string keys unique to the test.</summary>
    protected override async Task<byte[]?> StoredPayloadAsync(string stateName, GrainId grainId)
    {
        await using var command = _database!.DataSource.CreateCommand(
            $"SELECT payload FROM \"{_options.Schema}\".orleans_grain_state WHERE service_id = $1 AND state_name = $2 AND grain_id_string = $3");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = AdoNetProviders.ServiceId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = stateName });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = grainId.Key.ToString()! });
        return await command.ExecuteScalarAsync() as byte[];
    }

    protected override async Task CloseAsync()
    {
        if (_provider is not null) await _provider.DisposeAsync();
        if (_database is not null) await _database.DisposeAsync();
    }

    [Fact]
    public void The_registration_chose_orleans_ado_net_storage()
    {
        Assert.IsType<AdoNetGrainStorage>(Storage);
    }

    [Fact]
    public void Clearing_keeps_the_row_so_the_provider_is_not_allowed_to_delete_it()
    {
        // Deleting would restart the row's version at 1 and let an ETag from before the delete match again.
        var options = _provider!.GetRequiredService<IOptionsMonitor<AdoNetGrainStorageOptions>>().Get("Default");

        Assert.False(options.DeleteStateOnClear);
        Assert.IsType<GrainIdentityHasherPicker>(options.HashPicker);
        Assert.Same(JsonGrainStateSerializer.Instance, options.GrainStorageSerializer);
    }
}
