using CallCenter.Storage.Memory;
using CallCenter.Storage.Tests.Contract;

namespace CallCenter.Storage.Tests.Providers;

public sealed class MemoryStorageContractTests : StorageContractTests
{
    protected override Task<StorageUnderTest> OpenInstanceAsync()
        => Task.FromResult(new StorageUnderTest(new MemoryGrainStorage(), new MemoryReminderTable()));
}
