using Microsoft.Extensions.Hosting;
using CallCenter.Telephony.Recording;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CallCenter.Telephony.Simulated;

public static class SimulatedTelephonyServiceCollectionExtensions
{
    /// <summary>
    /// Registers the simulated network as the <see cref="ISwitch"/> and as <see cref="ISimulatedNetwork"/> (one
    /// singleton), with options bound from "Telephony:Simulated". It takes the container's <see cref="TimeProvider"/>
    /// (the system clock unless a test registered a virtual one) and <see cref="IBlobStore"/> (a
    /// <see cref="LocalFolderBlobStore"/> from "Recording:LocalFolder" unless one is registered).
    /// </summary>
    public static IServiceCollection AddSimulatedTelephony(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<SimulatedNetworkOptions>().Bind(configuration.GetSection(SimulatedNetworkOptions.SectionName));
        return services.AddSimulatedTelephonyCore(configuration);
    }

    /// <summary>As <see cref="AddSimulatedTelephony(IServiceCollection, IConfiguration)"/>, configured in code.</summary>
    public static IServiceCollection AddSimulatedTelephony(this IServiceCollection services, Action<SimulatedNetworkOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<SimulatedNetworkOptions>().Configure(configure);
        return services.AddSimulatedTelephonyCore(configuration: null);
    }

    private static IServiceCollection AddSimulatedTelephonyCore(this IServiceCollection services, IConfiguration? configuration)
    {
        services.TryAddSingleton(TimeProvider.System);
        if (!services.Any(d => d.ServiceType == typeof(IBlobStore)))
        {
            if (configuration is not null) services.AddLocalFolderBlobStore(configuration);
            else services.AddLocalFolderBlobStore();
        }
        services.TryAddSingleton(sp => new SimulatedSwitch(
            sp.GetRequiredService<IOptions<SimulatedNetworkOptions>>().Value,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IBlobStore>(),
            sp.GetService<ILogger<SimulatedSwitch>>()));
        services.TryAddSingleton<ISwitch>(sp => sp.GetRequiredService<SimulatedSwitch>());
        services.TryAddSingleton<ISimulatedNetwork>(sp => sp.GetRequiredService<SimulatedSwitch>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, SimulatedGatewayProvisioner>());
        return services;
    }
}
