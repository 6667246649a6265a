using CallCenter.Dialer;
using CallCenter.Grains.Dialer;
using CallCenter.Grains.Management.Projects;
using CallCenter.Grains.Switching;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CallCenter.Grains;

public static partial class GrainsServiceCollectionExtensions
{
    static partial void AddDialerGrains(IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DialerOptions>().Bind(configuration.GetSection(DialerOptions.SectionName));
        services.AddLegOwnerKind<IDialCallGrain>(IDialCallGrain.OwnerKind);
        services.AddOptions<CallCenter.Grains.Dialer.Inbound.InboundOptions>().Bind(configuration.GetSection(CallCenter.Grains.Dialer.Inbound.InboundOptions.SectionName));
        services.AddLegOwnerKind<IInboundTaskGrain>(IInboundTaskGrain.OwnerKind);
        services.AddLegOwnerKind<IInboundCallControlGrain>(IInboundCallControlGrain.OwnerKind);
        services.AddSingleton<IProjectLifecycleParticipant, DialerProjectParticipant>();
        services.AddLegOwnerKind<IOffHookAgentGrain>(IOffHookAgentGrain.OwnerKind);
        services.AddSingleton<IExtensionDialRoute, CallCenter.Grains.Dialer.OffHook.FifoDialRoute>();
    }
}
