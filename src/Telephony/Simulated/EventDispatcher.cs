using Microsoft.Extensions.Logging;

namespace CallCenter.Telephony.Simulated;

/// <summary>
/// Delivers switch events to subscribers one at a time, in the order they were published, on one logical dispatcher:
/// each handler is awaited before the next handler or event, exactly as ISwitch promises. Publishing never waits for
/// handlers (the switch publishes under its own lock), so a handler may issue switch commands freely.
/// </summary>
internal sealed partial class EventDispatcher(ILogger logger) : IThreadPoolWorkItem
{
    private readonly Lock _gate = new();
    private Queue<Pending> _pending = new();
    private Queue<Pending> _spare = new();
    private bool _running;
    private List<TaskCompletionSource>? _idleWaiters;
    private Func<SwitchEvent, ValueTask>[] _handlers = [];

    /// <summary>An event, or one that becomes known later (a recording being written) and must still keep its place.</summary>
    private readonly record struct Pending(SwitchEvent? Event, Task<SwitchEvent>? Later);

    public IDisposable Subscribe(Func<SwitchEvent, ValueTask> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        lock (_gate) _handlers = [.. _handlers, handler];
        return new Subscription(this, handler);
    }

    public void Publish(SwitchEvent switchEvent) => Enqueue(new Pending(switchEvent, null));

    /// <summary>Reserves the event's place in the order now; delivery (and everything after it) waits for the task.</summary>
    public void PublishWhenReady(Task<SwitchEvent> later) => Enqueue(new Pending(null, later));

    public Task WhenIdleAsync()
    {
        lock (_gate)
        {
            if (!_running) return Task.CompletedTask;
            var waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            (_idleWaiters ??= []).Add(waiter);
            return waiter.Task;
        }
    }

    private void Enqueue(Pending item)
    {
        bool start;
        lock (_gate)
        {
            _pending.Enqueue(item);
            start = !_running;
            _running = true;
        }
        if (start) ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
    }

    void IThreadPoolWorkItem.Execute() => _ = DrainAsync();

    private async Task DrainAsync()
    {
        while (true)
        {
            Queue<Pending> batch;
            List<TaskCompletionSource>? idle = null;
            lock (_gate)
            {
                if (_pending.Count == 0)
                {
                    _running = false;
                    idle = _idleWaiters;
                    _idleWaiters = null;
                    batch = _pending;
                }
                else
                {
                    // Swap queues so publishers keep appending while this batch is delivered outside the lock.
                    batch = _pending;
                    _pending = _spare;
                    _spare = batch;
                }
            }
            if (batch.Count == 0)
            {
                if (idle is not null) foreach (var waiter in idle) waiter.TrySetResult();
                return;
            }
            while (batch.TryDequeue(out var item))
            {
                var switchEvent = item.Event;
                if (switchEvent is null)
                {
                    try
                    {
                        switchEvent = await item.Later!.ConfigureAwait(false);
                    }
                    catch (Exception ex)
                    {
                        LogDeferredEventFailed(ex);
                        continue;
                    }
                }
                foreach (var handler in Volatile.Read(ref _handlers))
                {
                    try
                    {
                        var pending = handler(switchEvent);
                        if (pending.IsCompletedSuccessfully) pending.GetAwaiter().GetResult();
                        else await pending.ConfigureAwait(false);
                    }
                    catch (Exception ex)
                    {
                        LogHandlerFailed(ex, switchEvent.GetType().Name, switchEvent.LegId);
                    }
                }
            }
        }
    }

    private void Unsubscribe(Func<SwitchEvent, ValueTask> handler)
    {
        lock (_gate)
        {
            var index = Array.IndexOf(_handlers, handler);
            if (index < 0) return;
            _handlers = [.. _handlers[..index], .. _handlers[(index + 1)..]];
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Switch event handler failed on {EventType} for leg {LegId}; skipped")]
    private partial void LogHandlerFailed(Exception exception, string eventType, string legId);

    [LoggerMessage(Level = LogLevel.Error, Message = "A deferred switch event could not be produced; skipped")]
    private partial void LogDeferredEventFailed(Exception exception);

    private sealed class Subscription(EventDispatcher owner, Func<SwitchEvent, ValueTask> handler) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0) owner.Unsubscribe(handler);
        }
    }
}
