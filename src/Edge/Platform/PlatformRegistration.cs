using CallCenter.Edge.Platform;

namespace CallCenter.Edge;

public static partial class EdgeHostExtensions
{
    static partial void AddPlatform(IServiceCollection services, IConfiguration configuration)
        => services.AddOptions<PlatformOptions>().Bind(configuration.GetSection("Platform"));

    static partial void MapPlatform(IEndpointRouteBuilder app) => app.MapPlatformApi();
}
