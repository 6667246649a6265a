using CallCenter.Grains.Security;
using CallCenter.Grains.Switching;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CallCenter.Grains;

/// <summary>Registers the services every area's grains use: secret protection and the switch-event router.</summary>
public static class SharedGrainsServiceCollectionExtensions
{
    public static IServiceCollection AddSharedGrains(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SecretProtectionOptions>().Bind(configuration.GetSection("Security"));
        services.AddSingleton<ISecretProtector, AesGcmSecretProtector>();
        services.AddOptions<LoginThrottleOptions>().Bind(configuration.GetSection(LoginThrottleOptions.SectionName));
        services.AddSingleton<SwitchEventRouter>();
        services.AddHostedService(sp => sp.GetRequiredService<SwitchEventRouter>());
        return services;
    }
}
