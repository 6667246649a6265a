using CallCenter.Runtime.Serialization;
using CallCenter.Storage.Memory;
using CallCenter.Storage.Orleans;
using CallCenter.Storage.Tests.Contract;
using Orleans.Runtime;
using Orleans.Storage;

namespace CallCenter.Storage.Tests.Providers;

/// <summary>The Orleans grain storage adapter over the in-memory store.</summary>
public sealed class MemoryStateStoreGrainStorageTests : GrainStorageContractTests
{
    private readonly MemoryGrainStateStore _store = new();

    protected override Task<IGrainStorage> OpenStorageAsync()
        => Task.FromResult<IGrainStorage>(new StateStoreGrainStorage("Default", _store, JsonGrainStateSerializer.Instance));

    protected override async Task<byte[]?> StoredPayloadAsync(string stateName, GrainId grainId)
        => (await _store.ReadAsync(StateStoreGrainStorage.Id(stateName, grainId)))?.Payload;
}
