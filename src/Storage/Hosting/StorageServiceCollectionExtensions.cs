using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CallCenter.Storage.Hosting;

/// <summary>Registers grain storage and the reminder table from the <c>Storage</c> configuration section, so that the
/// run mode (embedded SQLite, production PostgreSQL) is chosen by configuration rather than by code.</summary>
public static class StorageServiceCollectionExtensions
{
    /// <summary>
    /// Reads <c>Provider</c> (Memory, Sqlite, Postgres; default Sqlite) from <paramref name="storageSection"/> and
    /// registers, with that provider, Orleans grain storage (keyed <c>IGrainStorage</c>) under each of
    /// <paramref name="grainStorageNames"/> (default: "Default") and Orleans' <c>IReminderTable</c>, all in one database
    /// whose settings come from the <c>Sqlite</c> or <c>Postgres</c> subsection (see <see cref="StorageOptions"/>). A silo
    /// calls <see cref="StorageSiloBuilderExtensions.AddCallCenterStorage"/>, which also adds the reminder service.
    /// </summary>
    /// <example><c>services.AddStorage(configuration.GetSection("Storage"), "Default", "PubSubStore")</c></example>
    public static IServiceCollection AddStorage(this IServiceCollection services, IConfiguration storageSection, params string[] grainStorageNames)
    {
        ArgumentNullException.ThrowIfNull(storageSection);
        var provider = storageSection.GetValue(nameof(StorageOptions.Provider), StorageProviderKind.Sqlite);
        if (grainStorageNames.Length == 0) grainStorageNames = ["Default"];
        var sqlite = storageSection.GetSection(nameof(StorageOptions.Sqlite));
        var postgres = storageSection.GetSection(nameof(StorageOptions.Postgres));
        switch (provider)
        {
            case StorageProviderKind.Memory:
                foreach (var name in grainStorageNames) services.AddMemoryGrainStorage(name);
                return services.AddMemoryReminderTable();
            case StorageProviderKind.Sqlite:
                foreach (var name in grainStorageNames) services.AddSqliteGrainStorage(name, sqlite);
                return services.AddSqliteReminderTable(sqlite);
            case StorageProviderKind.Postgres:
                foreach (var name in grainStorageNames) services.AddPostgresGrainStorage(name, postgres);
                return services.AddPostgresReminderTable(postgres);
            default:
                throw new InvalidOperationException($"Storage:Provider '{provider}' is not one of Memory, Sqlite, Postgres.");
        }
    }
}
