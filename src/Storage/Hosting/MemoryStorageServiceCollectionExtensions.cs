using CallCenter.Storage.Memory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CallCenter.Storage.Hosting;

/// <summary>Registers the in-memory providers (tests only: nothing survives the process).</summary>
public static class MemoryStorageServiceCollectionExtensions
{
    /// <summary>An <see cref="IGrainStateStore"/> keyed by <paramref name="name"/>, kept in a dictionary.</summary>
    public static IServiceCollection AddMemoryGrainStorage(this IServiceCollection services, string name)
    {
        StorageRegistration.ValidateName(name);
        services.AddKeyedSingleton<IGrainStateStore>(name, (_, _) => new MemoryGrainStateStore());
        StorageRegistration.AddOrleansGrainStorage(services, name);
        return services;
    }

    /// <summary>The <see cref="IReminderStore"/>, kept in a dictionary (replaces any registered before).</summary>
    public static IServiceCollection AddMemoryReminderTable(this IServiceCollection services)
    {
        services.Replace(ServiceDescriptor.Singleton<IReminderStore>(_ => new MemoryReminderStore()));
        StorageRegistration.AddOrleansReminderTable(services);
        return services;
    }
}
