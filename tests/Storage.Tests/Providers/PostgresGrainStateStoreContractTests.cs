using CallCenter.Storage.Postgres;
using CallCenter.Storage.Tests.Contract;
using CallCenter.Storage.Tests.Infrastructure;

namespace CallCenter.Storage.Tests.Providers;

/// <summary>The grain state contract on PostgreSQL: a fresh schema per class (dropped afterwards), a fresh table prefix
/// per test. Every instance is a separate <see cref="PostgresDatabase"/> with its own pool, as a separate silo would be.</summary>
public sealed class PostgresGrainStateStoreContractTests(PostgresSchemaFixture server) : DurableGrainStateStoreContractTests, IClassFixture<PostgresSchemaFixture>
{
    private readonly string _prefix = PostgresSchemaFixture.UniquePrefix();

    protected override Task<StoreUnderTest<IGrainStateStore>> OpenInstanceAsync()
    {
        var database = new PostgresDatabase(server.Options(_prefix));
        return Task.FromResult(new StoreUnderTest<IGrainStateStore>(new PostgresGrainStateStore(database), database.DisposeAsync));
    }
}
