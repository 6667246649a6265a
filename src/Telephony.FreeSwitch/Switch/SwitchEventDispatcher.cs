using Microsoft.Extensions.Logging;

namespace CallCenter.Telephony.FreeSwitch;

/// <summary>Hands each event to every subscriber, one after the other and in event order; a subscriber that throws is
/// logged and the others still get the event.</summary>
internal sealed class SwitchEventDispatcher(ILogger logger)
{
    private readonly Lock _gate = new();
    private Subscription[] _subscriptions = [];

    public IDisposable Subscribe(Func<SwitchEvent, ValueTask> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        var subscription = new Subscription(this, handler);
        lock (_gate) _subscriptions = [.. _subscriptions, subscription];
        return subscription;
    }

    public async ValueTask DispatchAsync(SwitchEvent evt)
    {
        foreach (var subscription in Volatile.Read(ref _subscriptions))
        {
            try
            {
                await subscription.Handler(evt).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "Switch event handler failed on {EventType} for leg {LegId}", evt.GetType().Name, evt.LegId);
            }
        }
    }

    private void Remove(Subscription subscription)
    {
        lock (_gate) _subscriptions = [.. _subscriptions.Where(s => !ReferenceEquals(s, subscription))];
    }

    private sealed class Subscription(SwitchEventDispatcher owner, Func<SwitchEvent, ValueTask> handler) : IDisposable
    {
        public Func<SwitchEvent, ValueTask> Handler { get; } = handler;

        public void Dispose() => owner.Remove(this);
    }
}
