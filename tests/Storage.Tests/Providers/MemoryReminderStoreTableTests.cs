using CallCenter.Storage.Memory;
using CallCenter.Storage.Orleans;
using CallCenter.Storage.Tests.Contract;
using Orleans;

namespace CallCenter.Storage.Tests.Providers;

/// <summary>The Orleans reminder table adapter over the in-memory store.</summary>
public sealed class MemoryReminderStoreTableTests : ReminderTableContractTests
{
    protected override Task<IReminderTable> OpenTableAsync() => Task.FromResult<IReminderTable>(new ReminderStoreTable(new MemoryReminderStore()));
}
