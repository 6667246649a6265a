namespace CallCenter.Edge.Stomp;

/// <summary>One SUBSCRIBE of one session. Its sequence counter and active flag are guarded by the session's lock, which
/// is what keeps "seq" gap-free and in publication order.</summary>
internal sealed class StompSubscription(StompSession session, string id, string destination, bool clientAck)
{
    public StompSession Session { get; } = session;

    /// <summary>The client's subscription id (the MESSAGE "subscription" header).</summary>
    public string Id { get; } = id;

    public string Destination { get; } = destination;

    /// <summary>Subscribed with ack "client" or "client-individual": MESSAGE frames then carry an "ack" header.</summary>
    public bool ClientAck { get; } = clientAck;

    /// <summary>The last "seq" sent on this subscription.</summary>
    public long Seq { get; set; }

    /// <summary>False once unsubscribed; a publication racing the UNSUBSCRIBE is then dropped.</summary>
    public bool Active { get; set; } = true;
}
