using CallCenter.Grains.Security;
using CallCenter.Grains.Switching;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CallCenter.Grains;

public static partial class GrainsServiceCollectionExtensions
{
    static partial void AddSharedGrains(IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SecretProtectionOptions>().Bind(configuration.GetSection("Security"));
        services.AddSingleton<ISecretProtector, AesGcmSecretProtector>();
        services.AddSingleton<SwitchEventRouter>();
        services.AddHostedService(sp => sp.GetRequiredService<SwitchEventRouter>());
    }
}
