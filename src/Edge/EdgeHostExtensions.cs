using CallCenter.Edge.Platform;
using Microsoft.Extensions.DependencyInjection.Extensions;
using CallCenter.Edge.Health;
using CallCenter.Edge.OpenApi;
using CallCenter.Edge.Limits;
using CallCenter.Edge.Security;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;

namespace CallCenter.Edge;

/// <summary>Composes the edge into a web host, each dialect explicitly: the silo host calls both methods; a stand-alone
/// edge host will too.</summary>
public static class EdgeHostExtensions
{
    public static IServiceCollection AddCallCenterEdge(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<EdgeOptions>().Bind(configuration.GetSection("Edge"));
        services.AddOptions<ConnectionLimitOptions>().Bind(configuration.GetSection(ConnectionLimitOptions.SectionName));
        services.AddOptions<KestrelServerOptions>().Configure<IOptions<EdgeOptions>, IOptions<ConnectionLimitOptions>>((kestrel, edge, connections) =>
        {
            kestrel.Limits.MaxRequestBodySize = edge.Value.MaxRequestBodyBytes;
            var limits = ConnectionLimits.Derive(connections.Value, OpenFileLimit.Current());
            kestrel.Limits.MaxConcurrentConnections = limits.MaxConnections;
            kestrel.Limits.MaxConcurrentUpgradedConnections = limits.MaxUpgradedConnections;
        });
        services.AddHostedService<ConnectionLimitsReporter>();
        services.AddOptions<RateLimitOptions>().Bind(configuration.GetSection(RateLimitOptions.SectionName));
        services.AddSingleton<TenantRateLimiter>();
        services.AddSingleton<LoginGuard>();
        services.AddHealthChecks().AddReadinessCheck<GrainRuntimeHealthCheck>("grains");
        services.TryAddSingleton<Runtime.Diagnostics.IBackgroundWork>(Runtime.Diagnostics.NoBackgroundWork.Instance);
        services.TryAddSingleton(TimeProvider.System);
        services.AddOprDialect(configuration);
        services.AddCallCenterStomp(configuration);
        services.AddManagementDialect(configuration);
        services.AddPlatformApi(configuration);
        services.AddGrpcApi(configuration);
        services.AddEdgeOpenApi();
        return services;
    }

    public static IEndpointRouteBuilder MapCallCenterEdge(this IEndpointRouteBuilder app)
    {
        // Each dialect under its own OpenAPI tag (empty-prefix groups keep the paths as they are).
        app.Dialect("operations").MapHealth();
        app.Dialect("opr").MapOprDialect();
        app.Dialect("stomp-sockjs").MapCallCenterStomp();
        app.Dialect("management").MapManagementDialect();
        app.Dialect("platform").MapPlatformApi();
        app.MapGrpcApi();
        app.MapOpenApi(EdgeOpenApi.DocumentPath);
        return app;
    }
}
