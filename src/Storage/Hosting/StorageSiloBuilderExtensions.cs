using Microsoft.Extensions.Configuration;
using Orleans.Hosting;

namespace CallCenter.Storage.Hosting;

/// <summary>The silo's storage, chosen by configuration: grain storages, the reminder table and Orleans' reminder
/// service in one call.</summary>
public static class StorageSiloBuilderExtensions
{
    /// <summary>
    /// Registers, for the provider named by <c>Provider</c> in <paramref name="storageSection"/> (Memory, Sqlite,
    /// Postgres; default Sqlite), Orleans grain storage under each of <paramref name="grainStorageNames"/> (default
    /// "Default"), the reminder table, each storage's <see cref="Sql.ISqlDatabase"/> (SQLite/PostgreSQL, keyed by the
    /// storage name, for call logs and other tables) and Orleans' reminder service.
    /// <list type="bullet">
    /// <item>Memory, Sqlite: the project's stores behind <see cref="Orleans.StateStoreGrainStorage"/> and
    /// <see cref="Orleans.ReminderStoreTable"/>.</item>
    /// <item>Postgres: reminders through Orleans' ADO.NET reminder table; grain state through the project's
    /// <see cref="Postgres.PostgresGrainStateStore"/> or Orleans' ADO.NET grain storage as <c>Postgres:GrainStorage</c>
    /// says (<c>Project</c>, the default, or <c>AdoNet</c>); the ADO.NET schema is applied when the silo starts.</item>
    /// </list>
    /// </summary>
    /// <example><c>siloBuilder.AddCallCenterStorage(configuration.GetSection("Storage"), "Default", "PubSubStore")</c></example>
    public static ISiloBuilder AddCallCenterStorage(this ISiloBuilder silo, IConfiguration storageSection, params string[] grainStorageNames)
    {
        ArgumentNullException.ThrowIfNull(silo);
        silo.Services.AddStorage(storageSection, grainStorageNames);
        return silo.AddReminders();
    }
}
