using CallCenter.Storage.Memory;
using CallCenter.Storage.Tests.Contract;

namespace CallCenter.Storage.Tests.Providers;

public sealed class MemoryReminderStoreContractTests : ReminderStoreContractTests
{
    protected override Task<StoreUnderTest<IReminderStore>> OpenInstanceAsync()
        => Task.FromResult(new StoreUnderTest<IReminderStore>(new MemoryReminderStore()));
}
