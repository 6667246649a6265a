using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CallCenter.Telephony.FreeSwitch;

public static class FreeSwitchServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="ISwitch"/> as <see cref="FreeSwitchSwitch"/>, configured from the
    /// <c>Telephony:FreeSwitch</c> section, with a hosted service that connects it. An <see cref="IBlobStore"/>
    /// registered elsewhere receives finished recordings (when <see cref="FreeSwitchOptions.RecordingLocalDirectory"/> is
    /// set); an <see cref="IFreeSwitchDirectory"/> registered before this call replaces the in-memory one.
    /// </summary>
    public static IServiceCollection AddFreeSwitchTelephony(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<FreeSwitchOptions>()
            .Bind(configuration.GetSection(FreeSwitchOptions.SectionName))
            .Validate(o => !string.IsNullOrWhiteSpace(o.Host), "Telephony:FreeSwitch:Host is required")
            .Validate(o => o.Port is > 0 and < 65536, "Telephony:FreeSwitch:Port must be a TCP port")
            .Validate(o => !string.IsNullOrEmpty(o.Password), "Telephony:FreeSwitch:Password is required")
            .Validate(o => o.CommandTimeout > TimeSpan.Zero && o.ConnectTimeout > TimeSpan.Zero, "timeouts must be positive")
            .Validate(o => o.ReconnectInitialDelay > TimeSpan.Zero && o.ReconnectMaxDelay >= o.ReconnectInitialDelay,
                "reconnect delays must be positive and the maximum at least the initial delay")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IFreeSwitchDirectory, InMemoryFreeSwitchDirectory>();
        services.TryAddSingleton(sp => new XmlCurlResponder(sp.GetRequiredService<IFreeSwitchDirectory>(), sp.GetRequiredService<IOptions<FreeSwitchOptions>>().Value));
        services.TryAddSingleton(sp => new EventSocketClient(
            sp.GetRequiredService<IOptions<FreeSwitchOptions>>(),
            sp.GetService<ILogger<EventSocketClient>>(),
            sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton(sp => new FreeSwitchSwitch(
            sp.GetRequiredService<EventSocketClient>(),
            sp.GetRequiredService<IFreeSwitchDirectory>(),
            sp.GetService<ILogger<FreeSwitchSwitch>>(),
            sp.GetService<IBlobStore>(),
            sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<ISwitch>(sp => sp.GetRequiredService<FreeSwitchSwitch>());
        services.AddHostedService<FreeSwitchConnectionService>();
        return services;
    }
}
