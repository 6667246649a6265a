using CallCenter.Runtime.Serialization;
using CallCenter.Storage.Orleans;
using CallCenter.Storage.Sqlite;
using CallCenter.Storage.Tests.Contract;
using CallCenter.Storage.Tests.Infrastructure;
using Orleans.Runtime;
using Orleans.Storage;

namespace CallCenter.Storage.Tests.Providers;

/// <summary>The Orleans grain storage adapter over the SQLite store (the embedded run's grain storage).</summary>
public sealed class SqliteStateStoreGrainStorageTests : GrainStorageContractTests
{
    private readonly TemporaryDirectory _directory = new();
    private SqliteDatabase? _database;
    private SqliteGrainStateStore? _store;

    protected override Task<IGrainStorage> OpenStorageAsync()
    {
        _database = new SqliteDatabase(new SqliteStorageOptions { ConnectionString = $"Data Source={_directory.File("callcenter.db")}" });
        _store = new SqliteGrainStateStore(_database);
        return Task.FromResult<IGrainStorage>(new StateStoreGrainStorage("Default", _store, JsonGrainStateSerializer.Instance));
    }

    protected override async Task<byte[]?> StoredPayloadAsync(string stateName, GrainId grainId)
        => (await _store!.ReadAsync(StateStoreGrainStorage.Id(stateName, grainId)))?.Payload;

    protected override async Task CloseAsync()
    {
        if (_database is not null) await _database.DisposeAsync();
        _directory.Dispose();
    }
}
