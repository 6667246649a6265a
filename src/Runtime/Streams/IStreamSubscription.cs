namespace CallCenter.Runtime.Streams;

/// <summary>A subscriber's queue as the stream sees it.</summary>
internal interface IStreamSubscription
{
    /// <summary>Queues the item without waiting; a full queue drops its oldest item instead.</summary>
    void Enqueue(StreamItem item);

    /// <summary>Stops deliveries (unsubscribe, shutdown).</summary>
    void Close();
}
