using CallCenter.Edge.SockJs;
using CallCenter.Edge.Stomp;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace CallCenter.Edge;

/// <summary>Registration of the STOMP-over-SockJS endpoint at <see cref="StompOptions.Path"/> (see docs/stomp.md).</summary>
public static class StompRegistration
{
    /// <summary>Registers the broker (<see cref="IStompBroker"/>, singleton), the options ("Edge:Stomp") and the session
    /// machinery. Dialects add their <see cref="IStompAppHandler"/>s and <see cref="IStompAuthenticator"/>s themselves.</summary>
    public static IServiceCollection AddCallCenterStomp(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<StompOptions>()
            .Bind(configuration.GetSection(StompOptions.SectionName))
            .Validate(o => o.MaxFrameBytes >= 1024, "Edge:Stomp:MaxFrameBytes must be at least 1024")
            .Validate(o => o.MaxHeaders > 0 && o.MaxSubscriptionsPerSession > 0, "Edge:Stomp:MaxHeaders and MaxSubscriptionsPerSession must be positive")
            .Validate(o => o.MaxOpenTransactions >= 0 && o.MaxTransactionFrames >= 0 && o.ResumeHistorySize >= 0, "Edge:Stomp transaction and resume limits must not be negative")
            .Validate(o => o.HeartbeatSend >= TimeSpan.Zero && o.HeartbeatReceive >= TimeSpan.Zero && o.HeartbeatTolerance >= 1, "Edge:Stomp heart-beats must not be negative, and HeartbeatTolerance at least 1")
            .Validate(o => o.ConnectTimeout > TimeSpan.Zero && o.ResumeRetention > TimeSpan.Zero, "Edge:Stomp:ConnectTimeout and ResumeRetention must be positive")
            .Validate(o => o.SockJs.HeartbeatInterval > TimeSpan.Zero && o.SockJs.DisconnectDelay > TimeSpan.Zero, "Edge:Stomp:SockJs:HeartbeatInterval and DisconnectDelay must be positive")
            .Validate(o => o.SockJs.MaxInboundMessageBytes >= o.MaxFrameBytes, "Edge:Stomp:SockJs:MaxInboundMessageBytes must be at least Edge:Stomp:MaxFrameBytes")
            .Validate(o => o.SockJs.MaxQueuedMessages > 0 && o.SockJs.MaxQueuedChars > 0 && o.SockJs.MaxSessions > 0 && o.SockJs.StreamingResponseLimitBytes > 0, "Edge:Stomp:SockJs limits must be positive")
            .ValidateOnStart();

        services.AddSingleton<StompBroker>();
        services.AddSingleton<IStompBroker>(sp => sp.GetRequiredService<StompBroker>());
        services.AddSingleton<StompAppDispatcher>();
        services.AddSingleton<StompConnectAuthentication>();
        services.AddSingleton<StompSockJsHandler>();
        services.AddSingleton(sp => new SockJsServer(
            sp.GetRequiredService<IOptions<StompOptions>>().Value.SockJs,
            sp.GetRequiredService<StompSockJsHandler>(),
            StompSockJsHandler.SubProtocols,
            sp.GetRequiredService<ILoggerFactory>().CreateLogger("CallCenter.Edge.SockJs")));
        return services;
    }

    /// <summary>Maps /callcenter/ws: the SockJS info, greeting, raw websocket and session transports. The host must have
    /// called <c>UseWebSockets()</c> before (SiloHost does), or websocket upgrades are answered 400.</summary>
    public static IEndpointRouteBuilder MapCallCenterStomp(this IEndpointRouteBuilder app)
    {
        var server = app.ServiceProvider.GetRequiredService<SockJsServer>();
        // Close sessions and websockets when shutdown begins: clients see a close frame, the broker holds no dead
        // subscriptions, and open websockets do not hold the server's graceful stop up to its timeout.
        app.ServiceProvider.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping.Register(server.CloseAll);
        app.MapSockJs(StompOptions.Path, server);
        return app;
    }
}
