using CallCenter.Grains.Opr;
using CallCenter.Grains.Switching;
using CallCenter.Opr;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CallCenter.Grains;

/// <summary>Registers the operator console's grains: options and the leg-owner kinds of seats and seat groups.</summary>
public static class OprGrainsServiceCollectionExtensions
{
    public static IServiceCollection AddOprGrains(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<OprOptions>().Bind(configuration.GetSection(OprOptions.SectionName));
        // Stored on legs: seats own handsets and board parties, groups own calls while they are offered.
        services.AddLegOwnerKind<ISeatGrain>(OprLegOwnerKinds.Seat);
        services.AddLegOwnerKind<ISeatGroupGrain>(OprLegOwnerKinds.SeatGroup);
        return services;
    }
}
