using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CallCenter.Telephony.Recording;

public static class BlobStoreServiceCollectionExtensions
{
    /// <summary>Registers <see cref="LocalFolderBlobStore"/> as the <see cref="IBlobStore"/>, its root bound from
    /// configuration section <see cref="LocalFolderBlobStoreOptions.SectionName"/> ("Recording:LocalFolder").</summary>
    public static IServiceCollection AddLocalFolderBlobStore(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<LocalFolderBlobStoreOptions>().Bind(configuration.GetSection(LocalFolderBlobStoreOptions.SectionName));
        return services.AddLocalFolderBlobStoreCore();
    }

    /// <summary>Registers <see cref="LocalFolderBlobStore"/> as the <see cref="IBlobStore"/>, configured in code.</summary>
    public static IServiceCollection AddLocalFolderBlobStore(this IServiceCollection services, Action<LocalFolderBlobStoreOptions>? configure = null)
    {
        var options = services.AddOptions<LocalFolderBlobStoreOptions>();
        if (configure is not null) options.Configure(configure);
        return services.AddLocalFolderBlobStoreCore();
    }

    private static IServiceCollection AddLocalFolderBlobStoreCore(this IServiceCollection services)
    {
        services.TryAddSingleton(sp => new LocalFolderBlobStore(
            sp.GetRequiredService<IOptions<LocalFolderBlobStoreOptions>>().Value,
            sp.GetService<ILogger<LocalFolderBlobStore>>()));
        // Replace rather than TryAdd: asking for the local folder store is an explicit choice over any default.
        services.Replace(ServiceDescriptor.Singleton<IBlobStore>(sp => sp.GetRequiredService<LocalFolderBlobStore>()));
        return services;
    }
}
