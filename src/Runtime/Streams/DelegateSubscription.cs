using System.Threading.Channels;
using CallCenter.Runtime.Core;

namespace CallCenter.Runtime.Streams;

/// <summary>
/// A handler subscribed from outside the grains. It has its own bounded queue and its own delivery loop, so a slow
/// handler delays only itself; when its queue is full the oldest item is dropped (and logged), which the handler sees
/// as a gap in the sequence numbers.
/// </summary>
internal sealed class DelegateSubscription<T> : StreamSubscriptionHandle<T>, IStreamSubscription
{
    private readonly GrainRuntime _runtime;
    private readonly StreamState _stream;
    private readonly Func<T, StreamSequenceToken, Task> _onNextAsync;
    private readonly Channel<StreamItem> _queue;
    private volatile bool _closed;

    public DelegateSubscription(GrainRuntime runtime, StreamState stream, Func<T, StreamSequenceToken, Task> onNextAsync)
    {
        _runtime = runtime;
        _stream = stream;
        _onNextAsync = onNextAsync;
        _queue = Channel.CreateBounded<StreamItem>(
            new BoundedChannelOptions(runtime.Options.StreamSubscriberQueueCapacity)
            {
                FullMode = BoundedChannelFullMode.DropOldest,
                SingleReader = true,
            },
            OnDropped);
    }

    public override StreamId StreamId => _stream.StreamId;

    public override Guid HandleId { get; } = Guid.NewGuid();

    public void Start() => _ = Task.Run(DeliverAllAsync);

    public void Enqueue(StreamItem item)
    {
        _runtime.BeginWork();
        if (!_queue.Writer.TryWrite(item)) _runtime.EndWork();
    }

    public override Task UnsubscribeAsync()
    {
        Close();
        _stream.Remove(this);
        return Task.CompletedTask;
    }

    public void Close()
    {
        _closed = true;
        _queue.Writer.TryComplete();
    }

    private void OnDropped(StreamItem item)
    {
        _runtime.EndWork();
        _runtime.Streams.CountDropped();
        _runtime.Log.StreamItemDropped(item.Token.SequenceNumber, item.StreamId, HandleId);
    }

    private async Task DeliverAllAsync()
    {
        var reader = _queue.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (reader.TryRead(out var item))
            {
                try
                {
                    if (!_closed) await DeliverAsync(item).ConfigureAwait(false);
                }
                finally
                {
                    _runtime.EndWork();
                }
            }
        }
    }

    private async Task DeliverAsync(StreamItem item)
    {
        try
        {
            var value = item.Unwrap(_runtime.Wire);
            if (value is T typed) await _onNextAsync(typed, item.Token).ConfigureAwait(false);
            else if (value is null && default(T) is null) await _onNextAsync(default!, item.Token).ConfigureAwait(false);
            else _runtime.Log.StreamItemNotObserved(value?.GetType().Name ?? "null", item.StreamId, $"subscription {HandleId}");
        }
        catch (Exception exception)
        {
            _runtime.Log.StreamDeliveryFailed(exception, item.Token.SequenceNumber, item.StreamId, $"subscription {HandleId}");
        }
    }
}
