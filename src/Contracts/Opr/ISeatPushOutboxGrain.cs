using CallCenter.Opr.Pushes;

namespace CallCenter.Opr;

/// <summary>
/// One seat's pushes in order. Key: <see cref="OprKeys.Outbox"/>. Numbers each push, keeps the most recent ones (persisted)
/// for clients that reconnect, sends them to the edges holding websocket sessions of the seat (<see cref="ISeatPushObserver"/>), and keeps
/// the HTTP callback cursor so exactly one edge worker at a time delivers them to the client's callback URL.
/// </summary>
[Alias("opr.ISeatPushOutboxGrain")]
public interface ISeatPushOutboxGrain : IGrainWithStringKey
{
    /// <returns>The push's sequence number.</returns>
    Task<long> AppendAsync(OprPush push);

    /// <returns>The last sequence number issued.</returns>
    Task<long> AppendManyAsync(IReadOnlyList<OprPush> pushes);

    /// <summary>Subscribes (or renews the subscription of) an edge holding sessions of this seat; subscriptions not renewed
    /// expire.</summary>
    /// <returns>The last sequence number issued, so the edge can tell whether it missed any.</returns>
    Task<long> SubscribeAsync(ISeatPushObserver edge);

    Task UnsubscribeAsync(ISeatPushObserver edge);

    /// <summary>Pushes after <paramref name="afterSeq"/> still retained.</summary>
    Task<PushBacklog> ReadAsync(long afterSeq);

    /// <summary>Starts (at login) or stops (null, at logout) HTTP callback delivery; only pushes appended afterwards go to
    /// the URL.</summary>
    Task SetCallbackAsync(string? url);

    /// <summary>The next push to deliver by callback, if any and if no other worker holds the lease.</summary>
    Task<CallbackLease?> LeaseCallbackAsync(string workerId);

    /// <summary>The worker is done with <paramref name="seq"/> (delivered, or given up after its retries).</summary>
    Task CompleteCallbackAsync(string workerId, long seq, bool delivered);
}
