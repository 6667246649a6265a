namespace CallCenter.Runtime.Streams;

/// <summary>One subscription to a stream (Orleans: <c>StreamSubscriptionHandle&lt;T&gt;</c>).</summary>
public abstract class StreamSubscriptionHandle<T>
{
    public abstract StreamId StreamId { get; }

    public abstract Guid HandleId { get; }

    /// <summary>Stops deliveries: items still queued for this subscription are dropped; a delivery already running
    /// finishes.</summary>
    public abstract Task UnsubscribeAsync();
}
