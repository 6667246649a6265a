using CallCenter.Storage.Sqlite;
using CallCenter.Storage.Tests.Contract;
using CallCenter.Storage.Tests.Infrastructure;

namespace CallCenter.Storage.Tests.Providers;

/// <summary>The grain state contract on a SQLite file per test, with the production settings (WAL, synchronous=FULL,
/// group commit). Every instance is a separate <see cref="SqliteDatabase"/> on the file, as a separate process would be.</summary>
public sealed class SqliteGrainStateStoreContractTests : DurableGrainStateStoreContractTests
{
    private readonly TemporaryDirectory _directory = new();

    protected override Task<StoreUnderTest<IGrainStateStore>> OpenInstanceAsync()
    {
        var database = new SqliteDatabase(new SqliteStorageOptions { ConnectionString = $"Data Source={_directory.File("data/callcenter.db")}" });
        return Task.FromResult(new StoreUnderTest<IGrainStateStore>(new SqliteGrainStateStore(database), database.DisposeAsync));
    }

    protected override Task DeleteStoreAsync()
    {
        _directory.Dispose();
        return Task.CompletedTask;
    }
}
