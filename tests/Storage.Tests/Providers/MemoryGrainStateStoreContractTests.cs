using CallCenter.Storage.Memory;
using CallCenter.Storage.Tests.Contract;

namespace CallCenter.Storage.Tests.Providers;

public sealed class MemoryGrainStateStoreContractTests : GrainStateStoreContractTests
{
    protected override Task<StoreUnderTest<IGrainStateStore>> OpenInstanceAsync()
        => Task.FromResult(new StoreUnderTest<IGrainStateStore>(new MemoryGrainStateStore()));
}
