using CallCenter.Runtime.Storage;
using CallCenter.Storage.Memory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CallCenter.Storage.Hosting;

/// <summary>Registers the in-memory providers (tests only: nothing survives the process).</summary>
public static class MemoryStorageServiceCollectionExtensions
{
    /// <summary>An <see cref="IGrainStorage"/> keyed by <paramref name="name"/>, kept in a dictionary.</summary>
    public static IServiceCollection AddMemoryGrainStorage(this IServiceCollection services, string name)
    {
        StorageRegistration.ValidateName(name);
        services.AddKeyedSingleton<IGrainStorage>(name, (_, _) => new MemoryGrainStorage());
        return services;
    }

    /// <summary>The <see cref="IReminderTable"/>, kept in a dictionary (replaces any registered before).</summary>
    public static IServiceCollection AddMemoryReminderTable(this IServiceCollection services)
    {
        services.Replace(ServiceDescriptor.Singleton<IReminderTable>(_ => new MemoryReminderTable()));
        return services;
    }
}
