namespace CallCenter.Edge.Stomp;

/// <summary>
/// Decides, within a tenant, whether a session may subscribe to a destination (tenants are always kept apart by the
/// broker). A dialect registers one to keep, say, an agent's connection to that agent's own topics. Every registered
/// authorizer must allow a subscription; with none registered, a session may subscribe to any of its tenant's topics.
/// </summary>
public interface IStompSubscriptionAuthorizer
{
    /// <returns>Null to allow, or the reason the subscription is refused (sent in the ERROR frame).</returns>
    string? Refuse(StompPrincipal principal, string destination);
}
