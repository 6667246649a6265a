using CallCenter.Dialer;
using CallCenter.Grains.Dialer;
using CallCenter.Grains.Dialer.Inbound;
using CallCenter.Grains.Dialer.OffHook;
using CallCenter.Grains.Management.Projects;
using CallCenter.Grains.Switching;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CallCenter.Grains;

/// <summary>Registers the dialer's grains: options, leg-owner kinds, the project participant and the off-hook dial route.</summary>
public static class DialerGrainsServiceCollectionExtensions
{
    public static IServiceCollection AddDialerGrains(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DialerOptions>().Bind(configuration.GetSection(DialerOptions.SectionName));
        services.AddOptions<InboundOptions>().Bind(configuration.GetSection(InboundOptions.SectionName));
        // The grains that own legs, by the kind named on their legs.
        services.AddLegOwnerKind<IDialCallGrain>(IDialCallGrain.OwnerKind);
        services.AddLegOwnerKind<IInboundTaskGrain>(IInboundTaskGrain.OwnerKind);
        services.AddLegOwnerKind<IInboundCallGrain>(IInboundCallGrain.OwnerKind);
        services.AddLegOwnerKind<IOffHookAgentGrain>(IOffHookAgentGrain.OwnerKind);
        services.AddSingleton<IProjectLifecycleParticipant, DialerProjectParticipant>();
        services.AddSingleton<IExtensionDialRoute, FifoDialRoute>();
        return services;
    }
}
