using CallCenter.Dialer;
using CallCenter.Grains.Dialer;
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
        services.AddLegOwnerKind<IDialCallGrain>(IDialCallGrain.OwnerKind);
        services.AddOptions<CallCenter.Grains.Dialer.Inbound.InboundOptions>().Bind(configuration.GetSection(CallCenter.Grains.Dialer.Inbound.InboundOptions.SectionName));
        services.AddLegOwnerKind<IInboundTaskGrain>(IInboundTaskGrain.OwnerKind);
        services.AddLegOwnerKind<IInboundCallControlGrain>(IInboundCallControlGrain.OwnerKind);
        services.AddSingleton<IProjectLifecycleParticipant, DialerProjectParticipant>();
        services.AddLegOwnerKind<IOffHookAgentGrain>(IOffHookAgentGrain.OwnerKind);
        services.AddSingleton<IExtensionDialRoute, CallCenter.Grains.Dialer.OffHook.FifoDialRoute>();
        return services;
    }
}
