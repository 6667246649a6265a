namespace CallCenter.Edge.Stomp;

/// <summary>
/// Handles SEND frames to application destinations ("/app/idle", "/app/call", ...). As in the original server, an
/// application-level failure is not a STOMP ERROR (which would close the connection): the handler reports it to the user
/// on their notify topic. Only frame-level problems and unknown destinations are STOMP ERRORs.
/// </summary>
public interface IStompAppHandler
{
    /// <summary>The destinations this handler serves, exactly as clients send them.</summary>
    IReadOnlyCollection<string> Destinations { get; }

    ValueTask HandleAsync(StompAppMessage message, CancellationToken cancellationToken = default);
}

/// <summary>A SEND to an application destination, with the tenant and principal of the session that sent it.</summary>
public sealed record StompAppMessage(
    string TenantId,
    string SessionId,
    string? Principal,
    string Destination,
    string Body,
    IReadOnlyDictionary<string, string> Headers);
