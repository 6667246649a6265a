using CallCenter.Grains.Switching;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CallCenter.Grains;

/// <summary>Registers the services the domain grains need (the grains themselves are found by the runtime's assembly scan).</summary>
public static partial class GrainsServiceCollectionExtensions
{
    public static IServiceCollection AddCallCenterGrains(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<LegOwnerKinds>();
        AddSharedGrains(services, configuration);
        AddOprGrains(services, configuration);
        AddManagementGrains(services, configuration);
        AddDialerGrains(services, configuration);
        return services;
    }

    // Implemented per area in its own folder (Switching/, Opr/, Management/...), so adding an area touches no shared file.
    static partial void AddSharedGrains(IServiceCollection services, IConfiguration configuration);
    static partial void AddOprGrains(IServiceCollection services, IConfiguration configuration);
    static partial void AddManagementGrains(IServiceCollection services, IConfiguration configuration);
    static partial void AddDialerGrains(IServiceCollection services, IConfiguration configuration);
}
