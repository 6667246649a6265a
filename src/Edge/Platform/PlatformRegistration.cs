using CallCenter.Edge.Platform;

namespace CallCenter.Edge;

/// <summary>The platform (onboarding) API at <c>/platform</c>.</summary>
public static class PlatformRegistration
{
    public static IServiceCollection AddPlatformApi(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<PlatformOptions>().Bind(configuration.GetSection("Platform"));
        return services;
    }
}
