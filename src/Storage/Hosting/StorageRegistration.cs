using CallCenter.Runtime.Serialization;
using CallCenter.Storage.Orleans;
using CallCenter.Storage.Postgres;
using Orleans;
using Orleans.Runtime.Hosting;
using CallCenter.Storage.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CallCenter.Storage.Hosting;

/// <summary>What the provider-specific registration methods share.</summary>
internal static class StorageRegistration
{
    /// <summary>The named-options name under which the reminder table's settings are kept (not a valid configuration
    /// key, so it cannot collide with a grain storage name).</summary>
    public const string ReminderTableOptionsName = "$reminders";

    public static void AddSharedDatabases(IServiceCollection services)
        => services.TryAddSingleton(sp => new SharedDatabases(sp.GetService<ILoggerFactory>()));

    public static SqliteDatabase Sqlite(IServiceProvider services, string optionsName, string usedBy)
        => services.GetRequiredService<SharedDatabases>().Sqlite(services.GetRequiredService<IOptionsMonitor<SqliteStorageOptions>>().Get(optionsName), usedBy);

    public static PostgresDatabase Postgres(IServiceProvider services, string optionsName)
        => services.GetRequiredService<SharedDatabases>().Postgres(services.GetRequiredService<IOptionsMonitor<PostgresStorageOptions>>().Get(optionsName));

    /// <summary>Orleans' grain storage <paramref name="name"/> over the store registered under that key.</summary>
    internal static void AddOrleansGrainStorage(IServiceCollection services, string name)
        => services.AddGrainStorage(name, (sp, key) => new StateStoreGrainStorage(key, sp.GetRequiredKeyedService<IGrainStateStore>(key), JsonGrainStateSerializer.Instance));

    /// <summary>Orleans' reminder table over the registered <see cref="IReminderStore"/>.</summary>
    internal static void AddOrleansReminderTable(IServiceCollection services)
        => services.Replace(ServiceDescriptor.Singleton<IReminderTable>(sp => new ReminderStoreTable(sp.GetRequiredService<IReminderStore>())));

    public static void ValidateName(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (name == ReminderTableOptionsName) throw new ArgumentException($"'{name}' is reserved.", nameof(name));
    }
}
