using CallCenter.Edge.Opr;
using CallCenter.Edge.Tenancy;
using CallCenter.Runtime.Outbound;
using Microsoft.Extensions.Primitives;

namespace CallCenter.Edge;

/// <summary>The operator console dialect: <c>POST /api</c>, the push websocket <c>/api/ws</c> and HTTP callbacks.</summary>
public static class OprDialect
{
    public static IServiceCollection AddOprDialect(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(OprEdgeOptions.SectionName);
        services.AddOptions<OprEdgeOptions>().Bind(section);
        services.AddOptions<ApiKeyTenantOptions>(OprTenantResolver.Dialect).Configure(o =>
        {
            o.HeaderName = section["ApiKeyHeader"] is { Length: > 0 } header ? header : o.HeaderName;
            // The original console had no authentication: the listener's default tenant answers key-less requests. In the
            // embedded run that is the demo tenant unless Opr:DefaultTenant says otherwise.
            o.DefaultTenant = section["DefaultTenant"] is { } configured
                ? configured
                : configuration.GetValue<bool>("DemoTenant:Enabled") ? configuration["DemoTenant:TenantId"] ?? "demo" : null;
        });
        services.AddSingleton<OprTenantResolver>();
        services.AddSingleton<OprErrorShape>();
        services.AddOutboundRequests(configuration);
        services.AddHostedService<OprCallbackDispatcher>();
        services.AddSingleton<OprTalkDecisions>();
        services.AddHostedService(sp => sp.GetRequiredService<OprTalkDecisions>());
        services.AddSingleton<SeatPushFanout>();
        services.AddHostedService(sp => sp.GetRequiredService<SeatPushFanout>());
        return services;
    }

    public static IEndpointRouteBuilder MapOprDialect(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api", OprApiEndpoint.HandleAsync)
            .WithTenantResolution<OprTenantResolver, OprErrorShape>()
            .DisableAntiforgery();

        // Browsers cannot set headers on a websocket: the key may come as ?apiKey=, copied to the header before the
        // tenant is resolved.
        app.MapGet("/api/ws", OprWebSocketEndpoint.HandleAsync)
            .AddEndpointFilter(async (invocation, next) =>
            {
                var http = invocation.HttpContext;
                var header = http.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptionsMonitor<ApiKeyTenantOptions>>()
                    .Get(OprTenantResolver.Dialect).HeaderName;
                if (StringValues.IsNullOrEmpty(http.Request.Headers[header]) && http.Request.Query["apiKey"] is { Count: > 0 } key)
                    http.Request.Headers[header] = key;
                return await next(invocation);
            })
            .WithTenantResolution<OprTenantResolver, OprErrorShape>();
        return app;
    }
}
