using CallCenter.Storage.Postgres;
using CallCenter.Storage.Sql;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CallCenter.Storage.Hosting;

/// <summary>Registers the PostgreSQL providers. Storages and the reminder table with the same connection string, schema
/// and prefix share one <see cref="PostgresDatabase"/> (one pool), disposed with the service provider.</summary>
public static class PostgresStorageServiceCollectionExtensions
{
    /// <summary>An <see cref="IGrainStateStore"/> keyed by <paramref name="name"/>, in PostgreSQL, and the database's
    /// <see cref="ISqlDatabase"/> under the same key.</summary>
    /// <example><c>services.AddPostgresGrainStorage("Default", o => { o.ConnectionString = "..."; o.Schema = "callcenter"; })</c></example>
    public static IServiceCollection AddPostgresGrainStorage(this IServiceCollection services, string name, Action<PostgresStorageOptions>? configure = null)
    {
        StorageRegistration.ValidateName(name);
        var options = services.AddOptions<PostgresStorageOptions>(name);
        if (configure is not null) options.Configure(configure);
        return AddGrainStorage(services, name);
    }

    /// <summary>As above, with the settings bound from <paramref name="configuration"/> (e.g. the <c>Storage:Postgres</c>
    /// section: <c>ConnectionString</c>, <c>Schema</c>, <c>TablePrefix</c>).</summary>
    public static IServiceCollection AddPostgresGrainStorage(this IServiceCollection services, string name, IConfiguration configuration)
    {
        StorageRegistration.ValidateName(name);
        services.AddOptions<PostgresStorageOptions>(name).Bind(configuration);
        return AddGrainStorage(services, name);
    }

    /// <summary>The <see cref="IReminderStore"/>, in PostgreSQL (replaces any registered before).</summary>
    public static IServiceCollection AddPostgresReminderTable(this IServiceCollection services, Action<PostgresStorageOptions>? configure = null)
    {
        var options = services.AddOptions<PostgresStorageOptions>(StorageRegistration.ReminderTableOptionsName);
        if (configure is not null) options.Configure(configure);
        return AddReminderTable(services);
    }

    /// <summary>As above, with the settings bound from <paramref name="configuration"/>.</summary>
    public static IServiceCollection AddPostgresReminderTable(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<PostgresStorageOptions>(StorageRegistration.ReminderTableOptionsName).Bind(configuration);
        return AddReminderTable(services);
    }

    private static IServiceCollection AddGrainStorage(IServiceCollection services, string name)
    {
        StorageRegistration.AddSharedDatabases(services);
        services.AddKeyedSingleton<ISqlDatabase>(name, (sp, _) => StorageRegistration.Postgres(sp, name));
        services.AddKeyedSingleton<IGrainStateStore>(name, (sp, _) => new PostgresGrainStateStore(StorageRegistration.Postgres(sp, name), name));
        StorageRegistration.AddOrleansGrainStorage(services, name);
        return services;
    }

    private static IServiceCollection AddReminderTable(IServiceCollection services)
    {
        StorageRegistration.AddSharedDatabases(services);
        services.Replace(ServiceDescriptor.Singleton<IReminderStore>(sp =>
            new PostgresReminderStore(StorageRegistration.Postgres(sp, StorageRegistration.ReminderTableOptionsName))));
        StorageRegistration.AddOrleansReminderTable(services);
        return services;
    }
}
