using CallCenter.Edge.Health;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace CallCenter.Edge;

/// <summary>Composes the edge into a web host: the silo host calls both methods; a stand-alone edge host will too.</summary>
public static partial class EdgeHostExtensions
{
    public static IServiceCollection AddCallCenterEdge(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<EdgeOptions>().Bind(configuration.GetSection("Edge"));
        services.AddOptions<KestrelServerOptions>().Configure<Microsoft.Extensions.Options.IOptions<EdgeOptions>>(
            (kestrel, edge) => kestrel.Limits.MaxRequestBodySize = edge.Value.MaxRequestBodyBytes);
        services.AddHealthChecks().AddCheck<GrainRuntimeHealthCheck>("grains");
        AddOpr(services, configuration);
        AddStomp(services, configuration);
        AddManagement(services, configuration);
        AddPlatform(services, configuration);
        return services;
    }

    public static IEndpointRouteBuilder MapCallCenterEdge(this IEndpointRouteBuilder app)
    {
        app.MapHealth();
        MapOpr(app);
        MapStomp(app);
        MapManagement(app);
        MapPlatform(app);
        return app;
    }

    // Each dialect implements these in its own folder (Opr/OprRegistration.cs, ...), so adding a dialect touches no
    // shared file.
    static partial void AddOpr(IServiceCollection services, IConfiguration configuration);
    static partial void MapOpr(IEndpointRouteBuilder app);
    static partial void AddStomp(IServiceCollection services, IConfiguration configuration);
    static partial void MapStomp(IEndpointRouteBuilder app);
    static partial void AddManagement(IServiceCollection services, IConfiguration configuration);
    static partial void MapManagement(IEndpointRouteBuilder app);
    static partial void AddPlatform(IServiceCollection services, IConfiguration configuration);
    static partial void MapPlatform(IEndpointRouteBuilder app);
}
