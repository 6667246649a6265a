using CallCenter.Grains.Opr;
using CallCenter.Grains.Switching;
using CallCenter.Opr;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CallCenter.Grains;

public static partial class GrainsServiceCollectionExtensions
{
    static partial void AddOprGrains(IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<OprOptions>().Bind(configuration.GetSection(OprOptions.SectionName));
        // Stored on legs: seats own handsets and board parties, groups own calls while they are offered.
        services.AddLegOwnerKind<ISeatGrain>(OprLegOwnerKinds.Seat);
        services.AddLegOwnerKind<ISeatGroupGrain>(OprLegOwnerKinds.SeatGroup);
    }
}
