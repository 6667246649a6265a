using System.Reflection;
using CallCenter.Runtime.Registry;
using CallCenter.Runtime.Core;
using CallCenter.Runtime.Streams;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace CallCenter.Runtime;

public static class GrainRuntimeServiceCollectionExtensions
{
    /// <summary>
    /// Adds the grain runtime: <see cref="IGrainFactory"/>, <see cref="IClusterClient"/>, <see cref="IGrainRuntimeDiagnostics"/>,
    /// the hosted service that starts reminders and deactivates grains at shutdown, and the stream provider "Default".
    /// Grain classes are found in <paramref name="grainAssemblies"/> (calling again adds assemblies). Options come from
    /// <paramref name="configure"/> and then the configuration section "Runtime", which wins, so deployments can tune
    /// them without code changes. Storage is up to the host: an <c>IGrainStorage</c> keyed by storage name ("Default")
    /// and an <c>IReminderTable</c>.
    /// </summary>
    public static IServiceCollection AddGrainRuntime(this IServiceCollection services, Action<RuntimeOptions>? configure, params Assembly[] grainAssemblies)
    {
        ArgumentNullException.ThrowIfNull(services);
        var registration = services.FirstOrDefault(d => d.ServiceType == typeof(GrainAssemblies))?.ImplementationInstance as GrainAssemblies;
        var firstCall = registration is null;
        if (registration is null)
        {
            registration = new GrainAssemblies();
            services.AddSingleton(registration);
        }
        registration.Assemblies.AddRange(grainAssemblies);
        if (configure is not null) services.Configure(configure);
        if (!firstCall) return services;

        services.AddLogging();
        services.AddOptions<RuntimeOptions>()
            .PostConfigure<IServiceProvider>((options, provider) => provider.GetService<IConfiguration>()?.GetSection(RuntimeOptions.SectionName).Bind(options));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RuntimeOptions>, RuntimeOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(provider => new GrainClassRegistry(provider.GetRequiredService<GrainAssemblies>().Assemblies));
        services.AddSingleton<GrainRuntime>();
        services.AddSingleton<IClusterClient>(provider => provider.GetRequiredService<GrainRuntime>().Client);
        services.AddSingleton<IGrainFactory>(provider => provider.GetRequiredService<GrainRuntime>().Client);
        services.AddSingleton<IGrainRuntimeDiagnostics>(provider => provider.GetRequiredService<GrainRuntime>());
        services.AddSingleton<IHostedService, GrainRuntimeHostedService>();
        services.AddInProcessStreams("Default");
        return services;
    }

    public static IServiceCollection AddGrainRuntime(this IServiceCollection services, params Assembly[] grainAssemblies)
        => services.AddGrainRuntime(null, grainAssemblies);

    /// <summary>Adds an in-process stream provider named <paramref name="name"/>.</summary>
    public static IServiceCollection AddInProcessStreams(this IServiceCollection services, string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        services.AddKeyedSingleton<IStreamProvider>(name, (provider, key) => new InProcessStreamProvider((string)key!, provider.GetRequiredService<GrainRuntime>()));
        return services;
    }

    /// <summary>The assemblies handed to <see cref="AddGrainRuntime(IServiceCollection, Action{RuntimeOptions}?, Assembly[])"/>.</summary>
    private sealed class GrainAssemblies
    {
        public List<Assembly> Assemblies { get; } = [];
    }
}
