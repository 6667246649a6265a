using CallCenter.Storage.Sqlite;
using CallCenter.Storage.Tests.Contract;
using CallCenter.Storage.Tests.Infrastructure;

namespace CallCenter.Storage.Tests.Providers;

/// <summary>The reminder store contract on a SQLite file per test; every instance is a separate
/// <see cref="SqliteDatabase"/> on the file.</summary>
public sealed class SqliteReminderStoreContractTests : DurableReminderStoreContractTests
{
    private readonly TemporaryDirectory _directory = new();

    protected override Task<StoreUnderTest<IReminderStore>> OpenInstanceAsync()
    {
        var database = new SqliteDatabase(new SqliteStorageOptions { ConnectionString = $"Data Source={_directory.File("data/callcenter.db")}" });
        return Task.FromResult(new StoreUnderTest<IReminderStore>(new SqliteReminderStore(database), database.DisposeAsync));
    }

    protected override Task DeleteStoreAsync()
    {
        _directory.Dispose();
        return Task.CompletedTask;
    }
}
