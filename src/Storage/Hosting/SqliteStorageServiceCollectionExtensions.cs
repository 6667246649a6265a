using CallCenter.Storage.Sql;
using CallCenter.Storage.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CallCenter.Storage.Hosting;

/// <summary>Registers the SQLite providers. Storages and the reminder table naming the same file share one
/// <see cref="SqliteDatabase"/> (one pool, one group-commit writer), disposed with the service provider.</summary>
public static class SqliteStorageServiceCollectionExtensions
{
    /// <summary>An <see cref="IGrainStateStore"/> keyed by <paramref name="name"/>, in a SQLite file, and the file's
    /// <see cref="ISqlDatabase"/> under the same key (for other tables that belong next to the state).</summary>
    /// <example><c>services.AddSqliteGrainStorage("Default", o => o.ConnectionString = "Data Source=data/callcenter.db")</c></example>
    public static IServiceCollection AddSqliteGrainStorage(this IServiceCollection services, string name, Action<SqliteStorageOptions>? configure = null)
    {
        StorageRegistration.ValidateName(name);
        var options = services.AddOptions<SqliteStorageOptions>(name);
        if (configure is not null) options.Configure(configure);
        return AddGrainStorage(services, name);
    }

    /// <summary>As above, with the settings bound from <paramref name="configuration"/> (e.g. the <c>Storage:Sqlite</c>
    /// section: <c>ConnectionString</c>, <c>Synchronous</c>, <c>BusyTimeout</c>, <c>MaxWriteBatchSize</c>).</summary>
    public static IServiceCollection AddSqliteGrainStorage(this IServiceCollection services, string name, IConfiguration configuration)
    {
        StorageRegistration.ValidateName(name);
        services.AddOptions<SqliteStorageOptions>(name).Bind(configuration);
        return AddGrainStorage(services, name);
    }

    /// <summary>The <see cref="IReminderStore"/>, in a SQLite file (replaces any registered before).</summary>
    public static IServiceCollection AddSqliteReminderTable(this IServiceCollection services, Action<SqliteStorageOptions>? configure = null)
    {
        var options = services.AddOptions<SqliteStorageOptions>(StorageRegistration.ReminderTableOptionsName);
        if (configure is not null) options.Configure(configure);
        return AddReminderTable(services);
    }

    /// <summary>As above, with the settings bound from <paramref name="configuration"/>.</summary>
    public static IServiceCollection AddSqliteReminderTable(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SqliteStorageOptions>(StorageRegistration.ReminderTableOptionsName).Bind(configuration);
        return AddReminderTable(services);
    }

    private static IServiceCollection AddGrainStorage(IServiceCollection services, string name)
    {
        StorageRegistration.AddSharedDatabases(services);
        services.AddKeyedSingleton<ISqlDatabase>(name, (sp, _) => StorageRegistration.Sqlite(sp, name, $"Grain storage '{name}'"));
        services.AddKeyedSingleton<IGrainStateStore>(name, (sp, _) => new SqliteGrainStateStore(StorageRegistration.Sqlite(sp, name, $"Grain storage '{name}'"), name));
        StorageRegistration.AddOrleansGrainStorage(services, name);
        return services;
    }

    private static IServiceCollection AddReminderTable(IServiceCollection services)
    {
        StorageRegistration.AddSharedDatabases(services);
        services.Replace(ServiceDescriptor.Singleton<IReminderStore>(sp =>
            new SqliteReminderStore(StorageRegistration.Sqlite(sp, StorageRegistration.ReminderTableOptionsName, "The reminder table"))));
        StorageRegistration.AddOrleansReminderTable(services);
        return services;
    }
}
