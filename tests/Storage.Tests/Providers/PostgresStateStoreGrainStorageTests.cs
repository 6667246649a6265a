using CallCenter.Runtime.Serialization;
using CallCenter.Storage.Orleans;
using CallCenter.Storage.Postgres;
using CallCenter.Storage.Tests.Contract;
using CallCenter.Storage.Tests.Infrastructure;
using Orleans.Runtime;
using Orleans.Storage;

namespace CallCenter.Storage.Tests.Providers;

/// <summary>The Orleans grain storage adapter over the project's PostgreSQL store (<c>Storage:Postgres:GrainStorage</c>
/// = <c>Project</c>).</summary>
public sealed class PostgresStateStoreGrainStorageTests(PostgresSchemaFixture server) : GrainStorageContractTests, IClassFixture<PostgresSchemaFixture>
{
    private PostgresDatabase? _database;
    private PostgresGrainStateStore? _store;

    protected override Task<IGrainStorage> OpenStorageAsync()
    {
        _database = new PostgresDatabase(server.Options(PostgresSchemaFixture.UniquePrefix()));
        _store = new PostgresGrainStateStore(_database);
        return Task.FromResult<IGrainStorage>(new StateStoreGrainStorage("Default", _store, JsonGrainStateSerializer.Instance));
    }

    protected override async Task<byte[]?> StoredPayloadAsync(string stateName, GrainId grainId)
        => (await _store!.ReadAsync(StateStoreGrainStorage.Id(stateName, grainId)))?.Payload;

    protected override async Task CloseAsync()
    {
        if (_database is not null) await _database.DisposeAsync();
    }
}
