using CallCenter.Management.CallLogs;
using CallCenter.Storage.Sql;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CallCenter.Storage.CallLogs;

public static class CallLogStoreServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="ICallLogStore"/> in the SQL database of grain storage <paramref name="storageName"/> (so call
    /// logs sit next to the grain state: the SQLite file of the embedded run, the PostgreSQL schema in production). With
    /// the in-memory provider (no SQL database registered) the store is in memory too. Call after <c>AddStorage</c>.
    /// </summary>
    public static IServiceCollection AddCallLogStore(this IServiceCollection services, string storageName = "Default")
    {
        services.TryAddSingleton<ICallLogStore>(sp =>
        {
            var clock = sp.GetService<TimeProvider>() ?? TimeProvider.System;
            var database = sp.GetKeyedService<ISqlDatabase>(storageName);
            return database is null ? new MemoryCallLogStore(clock) : new SqlCallLogStore(database, clock);
        });
        // The recording columns of the same table: the same object, unless a test or benchmark wrapped the store.
        services.TryAddSingleton<ICallLogRecordings>(sp =>
        {
            if (sp.GetRequiredService<ICallLogStore>() is ICallLogRecordings recordings) return recordings;
            var database = sp.GetKeyedService<ISqlDatabase>(storageName)
                ?? throw new InvalidOperationException("the call-log store was replaced by one without recording columns and there is no SQL database to fall back on");
            return new SqlCallLogStore(database, sp.GetService<TimeProvider>() ?? TimeProvider.System);
        });
        return services;
    }
}
