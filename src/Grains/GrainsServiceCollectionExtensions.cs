using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CallCenter.Grains;

/// <summary>Registers the services the domain grains need (Orleans finds the grain classes themselves in this assembly).</summary>
public static class GrainsServiceCollectionExtensions
{
    /// <summary>Every area, composed explicitly; a host that wants fewer calls the areas' own methods.</summary>
    public static IServiceCollection AddCallCenterGrains(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<Switching.LegOwnerKinds>();
        return services
            .AddSharedGrains(configuration)
            .AddOprGrains(configuration)
            .AddManagementGrains(configuration)
            .AddDialerGrains(configuration);
    }
}
