using System.Security.Cryptography;
using CallCenter.Edge.SockJs;
using Microsoft.Extensions.Options;

namespace CallCenter.Edge.Stomp;

/// <summary>Puts a STOMP session behind every SockJS session and raw websocket of /callcenter/ws.</summary>
internal sealed class StompSockJsHandler(
    IOptions<StompOptions> options,
    StompBroker broker,
    StompAppDispatcher dispatcher,
    StompConnectAuthentication authentication,
    IEnumerable<IStompSubscriptionAuthorizer> subscriptionAuthorizers,
    ILogger<StompSession> log) : ISockJsHandler
{
    private readonly IStompSubscriptionAuthorizer[] _subscriptionAuthorizers = subscriptionAuthorizers.ToArray();

    /// <summary>Websocket sub-protocols of STOMP, most preferred first. Clients given a plain websocket URL (stompjs'
    /// brokerURL) offer these, and browsers drop the socket if the server does not pick one.</summary>
    public static readonly string[] SubProtocols = ["v12.stomp", "v11.stomp", "v10.stomp"];

    public ISockJsConnectionHandler Open(ISockJsChannel channel, HttpContext request)
    {
        var session = new StompSession(NewSessionId(), channel, options.Value, broker, dispatcher, authentication, log, _subscriptionAuthorizers);
        log.LogDebug("STOMP session {SessionId} opened over {Transport} from {RemoteAddress}", session.Id, channel.Transport, request.Connection.RemoteIpAddress);
        return session;
    }

    /// <summary>Random, unguessable, URL- and header-safe.</summary>
    private static string NewSessionId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
}
