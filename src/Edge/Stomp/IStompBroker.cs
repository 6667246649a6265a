namespace CallCenter.Edge.Stomp;

/// <summary>
/// Delivers a message to every STOMP session of one tenant subscribed to <paramref name="destination"/> (e.g.
/// "/topic/call/1001"). Destinations never carry the tenant: the broker keeps each tenant's subscriptions apart, so a
/// session can only ever receive its own tenant's messages.
/// </summary>
public interface IStompBroker
{
    ValueTask PublishAsync(string tenantId, string destination, string jsonBody, CancellationToken cancellationToken = default);
}
