using CallCenter.Runtime.Storage;
using CallCenter.Storage.Memory;
using CallCenter.Storage.Postgres;
using CallCenter.Storage.Sqlite;
using Npgsql;

namespace CallCenter.Runtime.Tests.Hosting;

/// <summary>
/// The grain storage and reminder table one test runs against. Both hosts of a restart test use the same instance, as
/// two processes would use the same database.
/// </summary>
public sealed class StorageUnderTest(
    string name,
    IGrainStorage grainStorage,
    IReminderTable reminderTable,
    IGrainStorage? secondaryGrainStorage = null,
    Func<ValueTask>? dispose = null)
    : IAsyncDisposable
{
    public string Name { get; } = name;

    /// <summary>Registered as storage "Default".</summary>
    public IGrainStorage GrainStorage { get; } = grainStorage;

    /// <summary>Registered as storage "Secondary" (grains can name the storage of each state).</summary>
    public IGrainStorage SecondaryGrainStorage { get; } = secondaryGrainStorage ?? grainStorage;

    public IReminderTable ReminderTable { get; } = reminderTable;

    /// <summary>The providers the persistence and reminder tests run on: the unit-test fake and both durable ones.</summary>
    public static TheoryData<string> Providers => ["memory", "sqlite", "postgres"];

    public static StorageUnderTest Create(string provider) => provider switch
    {
        "memory" => new StorageUnderTest(provider, new MemoryGrainStorage(), new MemoryReminderTable(), new MemoryGrainStorage()),
        "sqlite" => CreateSqlite(),
        "postgres" => CreatePostgres(),
        _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, "unknown storage provider"),
    };

    // A real file, as the embedded run keeps it: both hosts of a restart test open the same database object, as two
    // processes in turn would open the same file.
    private static StorageUnderTest CreateSqlite()
    {
        var directory = Directory.CreateTempSubdirectory("callcenter-runtime-sqlite-").FullName;
        var database = new SqliteDatabase(new SqliteStorageOptions { ConnectionString = $"Data Source={Path.Combine(directory, "state.db")}" });
        return new StorageUnderTest("sqlite", new SqliteGrainStorage(database), new SqliteReminderTable(database), new SqliteGrainStorage(database, "Secondary"), async () =>
        {
            await database.DisposeAsync();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try { Directory.Delete(directory, recursive: true); } catch (IOException) { }
        });
    }

    // The server the test script started, in a schema of this test's own, dropped afterwards.
    private static StorageUnderTest CreatePostgres()
    {
        var connectionString = Environment.GetEnvironmentVariable("CALLCENTER_TEST_POSTGRES")
            ?? throw new InvalidOperationException("CALLCENTER_TEST_POSTGRES is not set: run the tests through ./scripts/test.sh, which starts PostgreSQL");
        var schema = "runtime_test_" + Guid.NewGuid().ToString("N")[..12];
        var database = new PostgresDatabase(new PostgresStorageOptions { ConnectionString = connectionString, Schema = schema });
        return new StorageUnderTest("postgres", new PostgresGrainStorage(database), new PostgresReminderTable(database), new PostgresGrainStorage(database, "Secondary"), async () =>
        {
            await database.DisposeAsync();
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP SCHEMA IF EXISTS \"{schema}\" CASCADE", connection);
            await drop.ExecuteNonQueryAsync();
        });
    }

    public ValueTask DisposeAsync() => dispose?.Invoke() ?? ValueTask.CompletedTask;

    public override string ToString() => Name;
}
