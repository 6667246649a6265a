using CallCenter.Recordings;
using CallCenter.Telephony.Recording;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CallCenter.Recording;

public static class RecordingServiceCollectionExtensions
{
    /// <summary>Registers the <see cref="IRecordingArchive"/> chosen by <c>Recording:Provider</c>. The local folder store
    /// (the spool, <c>Recording:LocalFolder</c>) must be registered too (<c>AddLocalFolderBlobStore</c>).</summary>
    public static IServiceCollection AddRecordingArchive(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RecordingArchiveOptions>().Bind(configuration.GetSection(RecordingArchiveOptions.SectionName));
        services.TryAddSingleton<IRecordingArchive>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<RecordingArchiveOptions>>().Value;
            return options.Provider switch
            {
                RecordingProvider.LocalFolder => new LocalFolderRecordingArchive(sp.GetRequiredService<LocalFolderBlobStore>()),
                RecordingProvider.AzureBlob => new AzureBlobRecordingArchive(options.Azure, sp.GetService<TimeProvider>(), sp.GetService<ILogger<AzureBlobRecordingArchive>>()),
                _ => throw new InvalidOperationException($"Recording:Provider '{options.Provider}' is not one of LocalFolder, AzureBlob"),
            };
        });
        return services;
    }
}
