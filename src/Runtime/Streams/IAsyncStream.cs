namespace CallCenter.Runtime.Streams;

/// <summary>Publish to and subscribe to one stream (Orleans: <c>IAsyncStream&lt;T&gt;</c>).</summary>
public interface IAsyncStream<T>
{
    StreamId StreamId { get; }

    string ProviderName { get; }

    /// <summary>
    /// Publishes <paramref name="item"/>: it gets the stream's next sequence number and is queued for every subscriber.
    /// Completes once queued, not once delivered, so a slow subscriber never holds the publisher up.
    /// </summary>
    Task OnNextAsync(T item);

    /// <summary>
    /// Subscribes a handler, for code outside grains (the edge). Items arrive in order, one at a time, each with its
    /// sequence token. Grains subscribe with <see cref="ImplicitStreamSubscriptionAttribute"/> instead, because a
    /// delegate's callbacks would run outside the grain's turns.
    /// </summary>
    Task<StreamSubscriptionHandle<T>> SubscribeAsync(Func<T, StreamSequenceToken, Task> onNextAsync);
}
