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
        services.AddSingleton<IProjectLifecycleParticipant, DialerProjectParticipant>();
    }
}
