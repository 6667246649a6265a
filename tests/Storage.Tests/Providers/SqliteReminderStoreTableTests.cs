using CallCenter.Storage.Orleans;
using CallCenter.Storage.Sqlite;
using CallCenter.Storage.Tests.Contract;
using CallCenter.Storage.Tests.Infrastructure;
using Orleans;

namespace CallCenter.Storage.Tests.Providers;

/// <summary>The Orleans reminder table adapter over the SQLite store (the embedded run's reminder table).</summary>
public sealed class SqliteReminderStoreTableTests : ReminderTableContractTests
{
    private readonly TemporaryDirectory _directory = new();
    private SqliteDatabase? _database;

    protected override Task<IReminderTable> OpenTableAsync()
    {
        _database = new SqliteDatabase(new SqliteStorageOptions { ConnectionString = $"Data Source={_directory.File("callcenter.db")}" });
        return Task.FromResult<IReminderTable>(new ReminderStoreTable(new SqliteReminderStore(_database)));
    }

    protected override async Task CloseAsync()
    {
        if (_database is not null) await _database.DisposeAsync();
        _directory.Dispose();
    }
}
