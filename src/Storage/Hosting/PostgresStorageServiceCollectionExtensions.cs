using CallCenter.Runtime.Serialization;
using CallCenter.Storage.Orleans;
using CallCenter.Storage.Postgres;
using CallCenter.Storage.Postgres.AdoNet;
using CallCenter.Storage.Sql;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Runtime;
using Orleans.Runtime.Hosting;
using Orleans.Storage;

namespace CallCenter.Storage.Hosting;

/// <summary>Registers the PostgreSQL providers. Storages and the reminder table with the same connection string, schema
/// and prefix share one <see cref="PostgresDatabase"/> (one pool, also lent to Orleans' ADO.NET providers), disposed with
/// the service provider. In a silo, the schema for Orleans' ADO.NET providers (<see cref="AdoNetSchemas"/>) is applied at
/// start-up.</summary>
public static class PostgresStorageServiceCollectionExtensions
{
    /// <summary>Orleans grain storage <paramref name="name"/> in PostgreSQL — the project's store or Orleans' ADO.NET
    /// provider, as <see cref="PostgresStorageOptions.GrainStorage"/> says — and the database's <see cref="ISqlDatabase"/>
    /// under the same key.</summary>
    /// <example><c>services.AddPostgresGrainStorage("Default", o => { o.ConnectionString = "..."; o.Schema = "callcenter"; })</c></example>
    public static IServiceCollection AddPostgresGrainStorage(this IServiceCollection services, string name, Action<PostgresStorageOptions>? configure = null)
    {
        StorageRegistration.ValidateName(name);
        var options = services.AddOptions<PostgresStorageOptions>(name);
        if (configure is not null) options.Configure(configure);
        return AddGrainStorage(services, name);
    }

    /// <summary>As above, with the settings bound from <paramref name="configuration"/> (e.g. the <c>Storage:Postgres</c>
    /// section: <c>ConnectionString</c>, <c>Schema</c>, <c>TablePrefix</c>, <c>GrainStorage</c>).</summary>
    public static IServiceCollection AddPostgresGrainStorage(this IServiceCollection services, string name, IConfiguration configuration)
    {
        StorageRegistration.ValidateName(name);
        services.AddOptions<PostgresStorageOptions>(name).Bind(configuration);
        return AddGrainStorage(services, name);
    }

    /// <summary>Orleans' ADO.NET reminder table (<c>Microsoft.Orleans.Reminders.AdoNet</c>) on the project's schema in
    /// PostgreSQL, replacing any reminder table registered before. It also registers Orleans' reminder service, as
    /// Orleans' own registration does.</summary>
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

        // Orleans' provider, should the options choose it: our pool (its search path finds OrleansQuery), our JSON (its
        // default serializer writes Newtonsoft $type CLR names), hashes over the whole grain id (its own ignore the grain
        // type), and DeleteStateOnClear left off (our schema keeps cleared rows so versions never repeat).
        services.AddOptions<AdoNetGrainStorageOptions>(name).Configure<IServiceProvider>((o, sp) =>
        {
            o.Invariant = AdoNetSchemas.Invariant;
            o.DataSource = StorageRegistration.Postgres(sp, name).DataSource;
            o.GrainStorageSerializer = JsonGrainStateSerializer.Instance;
            o.HashPicker = GrainIdentityHasherPicker.Instance;
            o.DeleteStateOnClear = false;
        });
        // Which implementation is decided when the storage is first resolved, so the choice may come from any options
        // source (configuration, code, both).
        services.AddGrainStorage(name, (sp, key) => Kind(sp, key) switch
        {
            PostgresGrainStorageKind.AdoNet => AdoNetGrainStorageFactory.Create(sp, key),
            _ => (IGrainStorage)new StateStoreGrainStorage(key, sp.GetRequiredKeyedService<IGrainStateStore>(key), JsonGrainStateSerializer.Instance),
        });
        // Orleans registers a storage's lifecycle participation only when the factory's static type is one; ours returns
        // IGrainStorage, so the ADO.NET provider's start-up (reading its statements) is wired here.
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => new KeyedGrainStorageLifecycle(sp, name));
        AddSchemaBootstrap(services, name);
        return services;
    }

    private static IServiceCollection AddReminderTable(IServiceCollection services)
    {
        StorageRegistration.AddSharedDatabases(services);
        services.RemoveAll<IReminderTable>();
        services.UseAdoNetReminderService(options => options.Configure<IServiceProvider>((o, sp) =>
        {
            o.Invariant = AdoNetSchemas.Invariant;
            o.DataSource = StorageRegistration.Postgres(sp, StorageRegistration.ReminderTableOptionsName).DataSource;
        }));
        AddSchemaBootstrap(services, StorageRegistration.ReminderTableOptionsName);
        return services;
    }

    private static void AddSchemaBootstrap(IServiceCollection services, string optionsName)
        => services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => new AdoNetSchemaBootstrap(() => StorageRegistration.Postgres(sp, optionsName)));

    private static PostgresGrainStorageKind Kind(IServiceProvider services, string name)
        => services.GetRequiredService<IOptionsMonitor<PostgresStorageOptions>>().Get(name).GrainStorage;
}
