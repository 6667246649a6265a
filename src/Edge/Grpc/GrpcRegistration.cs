using CallCenter.Edge.Grpc;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;

namespace CallCenter.Edge;

/// <summary>The gRPC integration API (docs/grpc.md): callcenter.v1's services behind the tenant interceptor, the
/// event-log fan-out, gRPC health and (embedded run) reflection, and the h2c loopback listener.</summary>
public static class GrpcApi
{
    public static IServiceCollection AddGrpcApi(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<GrpcOptions>().Bind(configuration.GetSection(GrpcOptions.SectionName));
        services.AddSingleton<GrpcTenantInterceptor>();
        // Per service, not global: health and reflection carry no tenant data and take no credentials.
        services.AddGrpc()
            .AddServiceOptions<ProjectGrpcService>(o => o.Interceptors.Add<GrpcTenantInterceptor>())
            .AddServiceOptions<AgentGrpcService>(o => o.Interceptors.Add<GrpcTenantInterceptor>())
            .AddServiceOptions<GatewayGrpcService>(o => o.Interceptors.Add<GrpcTenantInterceptor>())
            .AddServiceOptions<CampaignGrpcService>(o => o.Interceptors.Add<GrpcTenantInterceptor>())
            .AddServiceOptions<CallGrpcService>(o => o.Interceptors.Add<GrpcTenantInterceptor>())
            .AddServiceOptions<EventGrpcService>(o => o.Interceptors.Add<GrpcTenantInterceptor>());
        services.AddGrpcHealthChecks();
        services.AddGrpcReflection();
        services.AddSingleton<GrpcEventFanout>();
        services.AddHostedService(sp => sp.GetRequiredService<GrpcEventFanout>());
        // Cleartext HTTP/2 needs an endpoint that speaks nothing else (no ALPN without TLS): the gRPC port only.
        services.AddOptions<KestrelServerOptions>().Configure<IOptions<GrpcOptions>>((kestrel, grpc) =>
        {
            var port = grpc.Value.Port;
            if (port > 0) kestrel.ConfigureEndpointDefaults(endpoint => { if (endpoint.IPEndPoint?.Port == port) endpoint.Protocols = HttpProtocols.Http2; });
        });
        return services;
    }

    /// <summary>Adds <c>http://127.0.0.1:{Grpc:Port}</c> to the host's addresses (<c>urls</c>) when a gRPC port is set.</summary>
    public static void AddGrpcListener(this IWebHostBuilder webHost, IConfiguration configuration)
    {
        var port = configuration.GetSection(GrpcOptions.SectionName).Get<GrpcOptions>()?.Port ?? 0;
        if (port <= 0) return;
        var urls = configuration["urls"];
        var grpc = $"http://127.0.0.1:{port.ToString(System.Globalization.CultureInfo.InvariantCulture)}";
        webHost.UseUrls(string.IsNullOrEmpty(urls) ? grpc : $"{urls};{grpc}");
    }

    public static IEndpointRouteBuilder MapGrpcApi(this IEndpointRouteBuilder app)
    {
        app.MapGrpcService<ProjectGrpcService>().ExcludeFromDescription();
        app.MapGrpcService<AgentGrpcService>().ExcludeFromDescription();
        app.MapGrpcService<GatewayGrpcService>().ExcludeFromDescription();
        app.MapGrpcService<CampaignGrpcService>().ExcludeFromDescription();
        app.MapGrpcService<CallGrpcService>().ExcludeFromDescription();
        app.MapGrpcService<EventGrpcService>().ExcludeFromDescription();
        app.MapGrpcHealthChecksService().ExcludeFromDescription();
        if (app.ServiceProvider.GetRequiredService<IOptions<GrpcOptions>>().Value.Reflection) app.MapGrpcReflectionService().ExcludeFromDescription();
        return app;
    }
}
