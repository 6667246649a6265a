using CallCenter.Edge.Management;
using CallCenter.Edge.Management.Http;
using CallCenter.Edge.Management.Push;
using CallCenter.Edge.Management.Stomp;
using CallCenter.Edge.Stomp;
using CallCenter.Edge.Tenancy;

namespace CallCenter.Edge;

/// <summary>The management API dialect: the signed REST endpoints, its STOMP handlers and the management event relay.</summary>
public static class ManagementDialect
{
    public static IServiceCollection AddManagementDialect(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ManagementOptions>().Bind(configuration.GetSection(ManagementOptions.SectionName));
        services.AddOptions<RecordingDownloadOptions>().Bind(configuration.GetSection(RecordingDownloadOptions.SectionName));
        services.AddSingleton<ApiSignatureVerifier>();
        services.AddSingleton<ManagementSignatureResolver>();
        services.AddSingleton<ManagementErrorShape>();
        services.AddSingleton<ManagementEndpointFilter>();

        services.AddSingleton<IStompAuthenticator, ManagementStompAuthenticator>();
        services.AddSingleton<IStompSubscriptionAuthorizer, AgentTopicAuthorizer>();
        services.AddSingleton<IStompAppHandler, AgentWorkHandler>();
        services.AddSingleton<IStompAppHandler, AgentCallHandler>();
        services.AddSingleton<IStompAppHandler, SupervisionHandler>();

        // Webhooks are delivered by the tenant's outbox grain (IWebhookOutboxGrain); the relay enqueues to it.
        services.AddSingleton<ManagementEventRelay>();
        services.AddHostedService(sp => sp.GetRequiredService<ManagementEventRelay>());
        return services;
    }

    public static IEndpointRouteBuilder MapManagementDialect(this IEndpointRouteBuilder app)
    {
        var filter = app.ServiceProvider.GetRequiredService<ManagementEndpointFilter>();
        // The signature is checked first (401 before anything else), then parameters are read inside the filter that
        // turns refusals into the envelope.
        var callcenter = app.MapGroup("/callcenter").WithTenantResolution<ManagementSignatureResolver, ManagementErrorShape>().AddEndpointFilter(filter);
        var freeswitch = app.MapGroup("/freeswitch").WithTenantResolution<ManagementSignatureResolver, ManagementErrorShape>().AddEndpointFilter(filter);
        ProjectEndpoints.Map(callcenter);
        VoiceEndpoints.Map(callcenter);
        CallLogEndpoints.Map(callcenter);
        RecordingEndpoints.Map(callcenter);
        TenantSettingsEndpoints.Map(callcenter);
        CallTaskEndpoints.Map(callcenter);
        DialerExtensionEndpoints.Map(callcenter);
        GatewayEndpoints.Map(freeswitch);
        return app;
    }
}
