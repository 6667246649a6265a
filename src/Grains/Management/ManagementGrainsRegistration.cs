using CallCenter.Grains.Management;
using CallCenter.Grains.Management.Accounts;
using CallCenter.Grains.Management.Webhooks;
using CallCenter.Grains.Switching;
using CallCenter.Grains.Tenancy;
using CallCenter.Management.Agents;
using CallCenter.Management.Calls;
using CallCenter.Management.Supervision;
using CallCenter.Runtime.Outbound;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CallCenter.Grains;

/// <summary>Registers the management API's grains: options, leg-owner kinds, the demo account seed and webhooks.</summary>
public static class ManagementGrainsServiceCollectionExtensions
{
    public static IServiceCollection AddManagementGrains(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ManagementGrainOptions>().Bind(configuration.GetSection(ManagementGrainOptions.SectionName));
        // Leg owners (switch events) and extension assignees (registration changes) are found by kind.
        services.AddLegOwnerKind<IAgentGrain>(Management.Agents.AgentGrain.OwnerKind);
        services.AddLegOwnerKind<IAgentCallGrain>(IAgentCallGrain.OwnerKind);
        services.AddLegOwnerKind<ISupervisorGrain>(ISupervisorGrain.OwnerKind);
        services.AddSingleton<IDemoTenantSeed, DemoApiAccountSeed>();
        // Webhooks: the per-tenant outbox grains are the one sender in the cluster.
        services.AddOptions<Management.Events.ManagementEventHubOptions>().Bind(configuration.GetSection(Management.Events.ManagementEventHubOptions.SectionName));
        services.AddOptions<Management.Events.EventLogOptions>().Bind(configuration.GetSection(Management.Events.EventLogOptions.SectionName));
        services.AddOptions<WebhookOutboxOptions>().Bind(configuration.GetSection(WebhookOutboxOptions.SectionName));
        services.AddOutboundRequests(configuration);
        // Recordings: the per-tenant archive grains upload from the spool and apply retention.
        services.AddOptions<Recordings.RecordingUploadOptions>().Bind(configuration.GetSection(Recordings.RecordingUploadOptions.SectionName));
        services.AddOptions<Recordings.RecordingRetentionOptions>().Bind(configuration.GetSection(Recordings.RecordingRetentionOptions.SectionName));
        return services;
    }
}
