using CallCenter.Storage.Sql;
using CallCenter.Storage.Sqlite;
using CallCenter.Storage.Tests.Infrastructure;
using CallCenter.Storage.Tests.Sql;

namespace CallCenter.Storage.Tests.Sqlite;

public sealed class SqliteSchemaMigrationTests : SchemaMigrationContractTests
{
    private readonly TemporaryDirectory _directory = new();

    protected override ISqlDatabase OpenInstance() => new SqliteDatabase(new SqliteStorageOptions { ConnectionString = $"Data Source={_directory.File("migrations.db")}" });

    protected override Task DeleteStoreAsync()
    {
        _directory.Dispose();
        return Task.CompletedTask;
    }
}
