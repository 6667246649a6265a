using System.Collections.Concurrent;
using CallCenter.Runtime.Core;

namespace CallCenter.Runtime.Streams;

/// <summary>All streams of this process, by provider name and stream id.</summary>
internal sealed class StreamHub(GrainRuntime runtime)
{
    private readonly ConcurrentDictionary<(string Provider, StreamId Stream), StreamState> _streams = new();
    private long _published;
    private long _dropped;

    public long ItemsPublished => Volatile.Read(ref _published);

    public long ItemsDropped => Volatile.Read(ref _dropped);

    public void Publish(string provider, StreamId streamId, object? value, Type declaredType)
    {
        // Serialized before numbering: an item that cannot cross the wire fails the publisher and takes no number.
        var payload = runtime.SerializeCalls ? runtime.Wire.Serialize(value, declaredType) : null;
        while (!GetState(provider, streamId).TryPublish(value, payload, declaredType)) { }
        Interlocked.Increment(ref _published);
    }

    public StreamSubscriptionHandle<T> Subscribe<T>(string provider, StreamId streamId, Func<T, StreamSequenceToken, Task> onNextAsync)
    {
        while (true)
        {
            var state = GetState(provider, streamId);
            var subscription = new DelegateSubscription<T>(runtime, state, onNextAsync);
            if (!state.TryAdd(subscription)) continue;
            subscription.Start();
            return subscription;
        }
    }

    public void CountDropped() => Interlocked.Increment(ref _dropped);

    public void RetireUnused(long currentTick, long ageInTicks)
    {
        foreach (var (key, state) in _streams)
        {
            if (state.TryRetire(currentTick, ageInTicks)) _streams.TryRemove(KeyValuePair.Create(key, state));
        }
    }

    public void Stop()
    {
        foreach (var state in _streams.Values) state.CloseAll();
    }

    private StreamState GetState(string provider, StreamId streamId)
        => _streams.GetOrAdd((provider, streamId), static (key, runtime) => new StreamState(runtime, key.Stream), runtime);
}
