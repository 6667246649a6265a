using CallCenter.Edge.Platform;
using Microsoft.Extensions.DependencyInjection.Extensions;
using CallCenter.Edge.Health;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace CallCenter.Edge;

/// <summary>Composes the edge into a web host, each dialect explicitly: the silo host calls both methods; a stand-alone
/// edge host will too.</summary>
public static class EdgeHostExtensions
{
    public static IServiceCollection AddCallCenterEdge(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<EdgeOptions>().Bind(configuration.GetSection("Edge"));
        services.AddOptions<KestrelServerOptions>().Configure<Microsoft.Extensions.Options.IOptions<EdgeOptions>>(
            (kestrel, edge) => kestrel.Limits.MaxRequestBodySize = edge.Value.MaxRequestBodyBytes);
        services.AddHealthChecks().AddCheck<GrainRuntimeHealthCheck>("grains");
        services.TryAddSingleton<Runtime.Diagnostics.IBackgroundWork>(Runtime.Diagnostics.NoBackgroundWork.Instance);
        services.AddOprDialect(configuration);
        services.AddCallCenterStomp(configuration);
        services.AddManagementDialect(configuration);
        services.AddPlatformApi(configuration);
        return services;
    }

    public static IEndpointRouteBuilder MapCallCenterEdge(this IEndpointRouteBuilder app)
    {
        app.MapHealth();
        app.MapOprDialect();
        app.MapCallCenterStomp();
        app.MapManagementDialect();
        app.MapPlatformApi();
        return app;
    }
}
