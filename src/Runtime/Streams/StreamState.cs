using CallCenter.Runtime.Core;

namespace CallCenter.Runtime.Streams;

/// <summary>
/// One stream in this process: its sequence counter and its subscribers. Numbering and queueing happen under one lock,
/// so every subscriber receives the items in the same order with the same numbers, even with concurrent publishers.
/// </summary>
internal sealed class StreamState(GrainRuntime runtime, StreamId streamId)
{
    private readonly Lock _gate = new();
    private IStreamSubscription[] _subscriptions = [];
    private long _sequence;
    private long _lastUsedTick = runtime.Collector.CurrentTick;
    private bool _retired;

    public StreamId StreamId { get; } = streamId;

    /// <returns>False if the stream was retired meanwhile; the caller publishes to a fresh one.</returns>
    public bool TryPublish(object? value, byte[]? payload, Type declaredType)
    {
        lock (_gate)
        {
            if (_retired) return false;
            var item = new StreamItem(StreamId, value, payload, declaredType, new StreamSequenceToken(++_sequence));
            foreach (var subscription in _subscriptions) subscription.Enqueue(item);
            foreach (var grainClass in runtime.Registry.ImplicitSubscribersOf(StreamId.Namespace))
            {
                var observedType = grainClass.ObserverFor(declaredType) ?? (value is null ? null : grainClass.ObserverFor(value.GetType()));
                if (observedType is null)
                {
                    runtime.Log.StreamItemNotObserved(declaredType.Name, StreamId, grainClass.GrainType);
                    continue;
                }
                // Sent under the lock so that deliveries enter each grain's mailbox in sequence order.
                runtime.Transport.Send(StreamDeliveryMessage.Create(observedType, new GrainId(grainClass.GrainType, StreamId.Key), item));
            }
            _lastUsedTick = runtime.Collector.CurrentTick;
            return true;
        }
    }

    public bool TryAdd(IStreamSubscription subscription)
    {
        lock (_gate)
        {
            if (_retired) return false;
            _subscriptions = [.. _subscriptions, subscription];
            _lastUsedTick = runtime.Collector.CurrentTick;
            return true;
        }
    }

    public void Remove(IStreamSubscription subscription)
    {
        lock (_gate)
        {
            _subscriptions = [.. _subscriptions.Where(s => s != subscription)];
            _lastUsedTick = runtime.Collector.CurrentTick;
        }
    }

    /// <summary>Retires a stream nobody subscribes to explicitly and nobody used for <paramref name="ageInTicks"/>
    /// collection ticks; if it is used again its numbering starts over at 1.</summary>
    public bool TryRetire(long currentTick, long ageInTicks)
    {
        lock (_gate)
        {
            if (_subscriptions.Length > 0 || currentTick - _lastUsedTick <= ageInTicks) return false;
            _retired = true;
            return true;
        }
    }

    public void CloseAll()
    {
        IStreamSubscription[] subscriptions;
        lock (_gate)
        {
            subscriptions = _subscriptions;
            _subscriptions = [];
        }
        foreach (var subscription in subscriptions) subscription.Close();
    }
}
