using CallCenter.Runtime.Serialization;
using CallCenter.Storage.Hosting;
using CallCenter.Storage.Memory;
using CallCenter.Storage.Orleans;
using CallCenter.Storage.Postgres;
using CallCenter.Storage.Postgres.AdoNet;
using CallCenter.Storage.Sql;
using CallCenter.Storage.Sqlite;
using CallCenter.Storage.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans;
using Orleans.Configuration;
using Orleans.Storage;

namespace CallCenter.Storage.Tests.Hosting;

public sealed class StorageRegistrationTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    private string DatabaseFile => _directory.File("data/callcenter.db");

    private static IConfiguration Configuration(params (string Key, string Value)[] values)
        => new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => KeyValuePair.Create(v.Key, (string?)v.Value))).Build();

    [Fact]
    public async Task Sqlite_grain_storages_and_the_reminder_table_on_one_file_share_one_database()
    {
        var services = new ServiceCollection()
            .AddSqliteGrainStorage("Default", o => o.ConnectionString = $"Data Source={DatabaseFile}")
            .AddSqliteGrainStorage("PubSubStore", o => o.ConnectionString = $"Data Source={DatabaseFile}")
            .AddSqliteReminderTable(o => o.ConnectionString = $"Data Source={DatabaseFile}");
        await using var provider = services.BuildServiceProvider();

        var storage = provider.GetRequiredKeyedService<IGrainStateStore>("Default");
        var database = provider.GetRequiredKeyedService<ISqlDatabase>("Default");

        Assert.IsType<SqliteGrainStateStore>(storage);
        Assert.IsType<SqliteGrainStateStore>(provider.GetRequiredKeyedService<IGrainStateStore>("PubSubStore"));
        Assert.IsType<SqliteReminderStore>(provider.GetRequiredService<IReminderStore>());
        Assert.IsType<StateStoreGrainStorage>(provider.GetRequiredKeyedService<IGrainStorage>("Default"));
        Assert.Equal("PubSubStore", ((StateStoreGrainStorage)provider.GetRequiredKeyedService<IGrainStorage>("PubSubStore")).Name);
        Assert.IsType<ReminderStoreTable>(provider.GetRequiredService<IReminderTable>());
        Assert.Same(database, provider.GetRequiredKeyedService<ISqlDatabase>("PubSubStore"));
        Assert.Same(storage, provider.GetRequiredKeyedService<IGrainStateStore>("Default"));
        Assert.Null(provider.GetKeyedService<IGrainStateStore>("Unregistered"));

        await storage.WriteAsync(new GrainStateId("t", "k", "s"), new byte[] { 1 }, null);
        await provider.GetRequiredService<IReminderStore>().UpsertAsync(new StoredReminder("t", "k", "r", DateTimeOffset.UnixEpoch, TimeSpan.FromSeconds(1)));
        Assert.True(File.Exists(DatabaseFile));
    }

    [Fact]
    public async Task State_and_reminders_survive_rebuilding_the_service_provider_on_the_same_file()
    {
        var configuration = Configuration(("Storage:Sqlite:ConnectionString", $"Data Source={DatabaseFile}"));
        var id = new GrainStateId("agent", "tenant1:1001", "state");
        var reminder = new StoredReminder("agent", "tenant1:1001", "acw", new DateTimeOffset(2025, 5, 1, 12, 0, 0, TimeSpan.Zero), TimeSpan.FromSeconds(30));
        string etag, reminderETag;
        await using (var before = new ServiceCollection().AddStorage(configuration.GetSection("Storage")).BuildServiceProvider())
        {
            etag = await before.GetRequiredKeyedService<IGrainStateStore>("Default").WriteAsync(id, "ready"u8.ToArray(), null);
            reminderETag = await before.GetRequiredService<IReminderStore>().UpsertAsync(reminder);
        }

        await using var after = new ServiceCollection().AddStorage(configuration.GetSection("Storage")).BuildServiceProvider();

        var stored = await after.GetRequiredKeyedService<IGrainStateStore>("Default").ReadAsync(id);
        Assert.Equal("ready"u8.ToArray(), stored!.Payload);
        Assert.Equal(etag, stored.ETag);
        Assert.Equal(reminder with { ETag = reminderETag }, await after.GetRequiredService<IReminderStore>().ReadAsync("agent", "tenant1:1001", "acw"));
    }

    [Fact]
    public void A_provider_disposed_synchronously_closes_its_databases()
    {
        var services = new ServiceCollection().AddSqliteGrainStorage("Default", o => o.ConnectionString = $"Data Source={DatabaseFile}");
        var provider = services.BuildServiceProvider();
        var database = (SqliteDatabase)provider.GetRequiredKeyedService<ISqlDatabase>("Default");

        provider.Dispose();

        Assert.Throws<ObjectDisposedException>(() => { _ = database.WriteAsync(_ => 0); });
    }

    [Fact]
    public void Sqlite_settings_bind_from_configuration()
    {
        var configuration = Configuration(
            ("Storage:Sqlite:ConnectionString", $"Data Source={DatabaseFile}"),
            ("Storage:Sqlite:Synchronous", "Normal"),
            ("Storage:Sqlite:BusyTimeout", "00:00:02"));
        using var provider = new ServiceCollection().AddSqliteGrainStorage("Default", configuration.GetSection("Storage:Sqlite")).BuildServiceProvider();

        var database = (SqliteDatabase)provider.GetRequiredKeyedService<ISqlDatabase>("Default");

        Assert.Equal(DatabaseFile, database.FilePath);
        Assert.Equal(SqliteSynchronousMode.Normal, database.Synchronous);
        Assert.Equal(TimeSpan.FromSeconds(2), database.BusyTimeout);
    }

    [Fact]
    public void The_storage_section_picks_sqlite_by_default()
    {
        var configuration = Configuration(("Storage:Sqlite:ConnectionString", $"Data Source={DatabaseFile}"));
        using var provider = new ServiceCollection().AddStorage(configuration.GetSection("Storage")).BuildServiceProvider();

        Assert.IsType<SqliteGrainStateStore>(provider.GetRequiredKeyedService<IGrainStateStore>("Default"));
        Assert.IsType<SqliteReminderStore>(provider.GetRequiredService<IReminderStore>());
        Assert.IsType<ReminderStoreTable>(provider.GetRequiredService<IReminderTable>());
    }

    [Fact]
    public void The_storage_section_picks_memory_for_every_named_storage()
    {
        var configuration = Configuration(("Storage:Provider", "Memory"));
        using var provider = new ServiceCollection().AddStorage(configuration.GetSection("Storage"), "Default", "PubSubStore").BuildServiceProvider();

        Assert.IsType<MemoryGrainStateStore>(provider.GetRequiredKeyedService<IGrainStateStore>("Default"));
        Assert.IsType<MemoryGrainStateStore>(provider.GetRequiredKeyedService<IGrainStateStore>("PubSubStore"));
        Assert.IsType<StateStoreGrainStorage>(provider.GetRequiredKeyedService<IGrainStorage>("PubSubStore"));
        Assert.IsType<MemoryReminderStore>(provider.GetRequiredService<IReminderStore>());
        Assert.IsType<ReminderStoreTable>(provider.GetRequiredService<IReminderTable>());
    }

    [Fact]
    public void The_storage_section_picks_postgres_with_its_schema_and_prefix()
    {
        var configuration = Configuration(
            ("Storage:Provider", "postgres"),
            ("Storage:Postgres:ConnectionString", "Host=db.internal;Username=cc;Password=hunter2;Database=callcenter"),
            ("Storage:Postgres:Schema", "callcenter"),
            ("Storage:Postgres:TablePrefix", "cc_"));
        using var provider = new ServiceCollection().AddStorage(configuration.GetSection("Storage")).BuildServiceProvider();

        Assert.IsType<PostgresGrainStateStore>(provider.GetRequiredKeyedService<IGrainStateStore>("Default"));
        Assert.IsType<StateStoreGrainStorage>(provider.GetRequiredKeyedService<IGrainStorage>("Default")); // GrainStorage: Project by default
        Assert.Equal("Orleans.Runtime.ReminderService.AdoNetReminderTable", provider.GetRequiredService<IReminderTable>().GetType().FullName);
        var database = provider.GetRequiredKeyedService<ISqlDatabase>("Default");
        Assert.Equal("\"callcenter\".\"cc_grain_state\"", database.Table("grain_state"));
        Assert.DoesNotContain("hunter2", database.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Postgres_grain_storage_adonet_is_orleans_provider_on_the_shared_pool_with_our_json_and_hashes()
    {
        var configuration = Configuration(
            ("Storage:Provider", "Postgres"),
            ("Storage:Postgres:ConnectionString", "Host=db.internal;Username=cc;Database=callcenter"),
            ("Storage:Postgres:Schema", "callcenter"),
            ("Storage:Postgres:GrainStorage", "AdoNet"));
        var services = AdoNetProviders.Services().AddStorage(configuration.GetSection("Storage"), "Default", "PubSubStore");
        using var provider = services.BuildServiceProvider();

        Assert.Equal(PostgresGrainStorageKind.AdoNet, provider.GetRequiredService<IOptionsMonitor<PostgresStorageOptions>>().Get("Default").GrainStorage);
        Assert.IsType<AdoNetGrainStorage>(provider.GetRequiredKeyedService<IGrainStorage>("Default"));
        Assert.IsType<AdoNetGrainStorage>(provider.GetRequiredKeyedService<IGrainStorage>("PubSubStore"));
        var options = provider.GetRequiredService<IOptionsMonitor<AdoNetGrainStorageOptions>>().Get("PubSubStore");
        var database = (PostgresDatabase)provider.GetRequiredKeyedService<ISqlDatabase>("PubSubStore");
        Assert.Same(database.DataSource, options.DataSource);
        Assert.Null(options.ConnectionString);
        Assert.Equal(AdoNetSchemas.Invariant, options.Invariant);
        Assert.Same(JsonGrainStateSerializer.Instance, options.GrainStorageSerializer);
        Assert.Same(GrainIdentityHasherPicker.Instance, options.HashPicker);
        Assert.False(options.DeleteStateOnClear);
        // Every storage on the same database and the reminder table share one pool.
        Assert.Same(database, provider.GetRequiredKeyedService<ISqlDatabase>("Default"));
        Assert.Same(database.DataSource, provider.GetRequiredService<IOptions<AdoNetReminderTableOptions>>().Value.DataSource);
    }

    [Fact]
    public void An_unknown_provider_is_refused()
    {
        var configuration = Configuration(("Storage:Provider", "Oracle"));

        Assert.Throws<InvalidOperationException>(() => new ServiceCollection().AddStorage(configuration.GetSection("Storage")));
    }

    [Fact]
    public void Storages_on_one_file_with_different_durability_settings_are_refused()
    {
        var services = new ServiceCollection()
            .AddSqliteGrainStorage("Default", o => o.ConnectionString = $"Data Source={DatabaseFile}")
            .AddSqliteGrainStorage("Other", o => { o.ConnectionString = $"Data Source={DatabaseFile}"; o.Synchronous = SqliteSynchronousMode.Normal; });
        using var provider = services.BuildServiceProvider();
        provider.GetRequiredKeyedService<IGrainStateStore>("Default");

        var error = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredKeyedService<IGrainStateStore>("Other"));

        Assert.Contains("Grain storage 'Other'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Memory_registrations_are_keyed_by_name()
    {
        using var provider = new ServiceCollection().AddMemoryGrainStorage("A").AddMemoryGrainStorage("B").AddMemoryReminderTable().BuildServiceProvider();

        Assert.NotSame(provider.GetRequiredKeyedService<IGrainStateStore>("A"), provider.GetRequiredKeyedService<IGrainStateStore>("B"));
        Assert.NotSame(provider.GetRequiredKeyedService<IGrainStorage>("A"), provider.GetRequiredKeyedService<IGrainStorage>("B"));
        Assert.IsType<MemoryReminderStore>(provider.GetRequiredService<IReminderStore>());
    }
}
