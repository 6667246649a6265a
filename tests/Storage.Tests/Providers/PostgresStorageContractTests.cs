using CallCenter.Storage.Postgres;
using CallCenter.Storage.Tests.Contract;
using CallCenter.Storage.Tests.Infrastructure;

namespace CallCenter.Storage.Tests.Providers;

/// <summary>The contract on PostgreSQL: a fresh schema per class (dropped afterwards), a fresh table prefix per test.
/// Every instance is a separate <see cref="PostgresDatabase"/> with its own pool, as a separate silo would be.</summary>
public sealed class PostgresStorageContractTests(PostgresSchemaFixture server) : DurableStorageContractTests, IClassFixture<PostgresSchemaFixture>
{
    private readonly string _prefix = PostgresSchemaFixture.UniquePrefix();

    protected override Task<StorageUnderTest> OpenInstanceAsync()
    {
        var database = new PostgresDatabase(server.Options(_prefix));
        return Task.FromResult(new StorageUnderTest(new PostgresGrainStorage(database), new PostgresReminderTable(database), database.DisposeAsync));
    }
}
