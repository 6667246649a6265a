using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CallCenter.Runtime.Outbound;

public static class OutboundServiceCollectionExtensions
{
    /// <summary>The guarded HTTP clients (<see cref="OutboundHttp"/>) and their options; safe to call more than once.</summary>
    public static IServiceCollection AddOutboundRequests(this IServiceCollection services, IConfiguration configuration)
    {
        // Binding twice would append the allow-list twice.
        if (services.Any(d => d.ServiceType == typeof(OutboundHttp))) return services;
        services.AddOptions<OutboundRequestOptions>().Bind(configuration.GetSection(OutboundRequestOptions.SectionName));
        services.AddSingleton<OutboundHttp>();
        return services;
    }
}
