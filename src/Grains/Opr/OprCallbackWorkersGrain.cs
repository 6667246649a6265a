using CallCenter.Opr;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Utilities;

namespace CallCenter.Grains.Opr;

/// <summary>
/// The edges' HTTP callback workers, cluster-wide: a seat outbox with callback work tells this grain, and it tells every
/// worker one-way; the outbox's lease makes sure only one of them delivers. Nothing is persisted: workers renew their
/// subscriptions, and an outbox whose notification found no worker announces its work again (SeatPushOutboxGrain).
/// </summary>
[GrainType("opr-callback-workers")]
public sealed class OprCallbackWorkersGrain(IOptions<OprOptions> options, ILogger<OprCallbackWorkersGrain> log) : Grain, IOprCallbackWorkersGrain
{
    private readonly ObserverManager<ICallbackWorkObserver> _workers = new(options.Value.PushSubscriptionExpiry, log);

    public Task SubscribeAsync(ICallbackWorkObserver worker)
    {
        _workers.Subscribe(worker, worker);
        return Task.CompletedTask;
    }

    public Task UnsubscribeAsync(ICallbackWorkObserver worker)
    {
        _workers.Unsubscribe(worker);
        return Task.CompletedTask;
    }

    public Task WorkAvailableAsync(string outboxKey) => _workers.Notify(worker => worker.OnCallbackWorkAsync(outboxKey));
}
