namespace CallCenter.Opr;

/// <summary>An edge's HTTP callback worker: told which seat outbox has pushes to POST, it takes them under the outbox's
/// lease (so one worker at a time delivers a seat's pushes, in order).</summary>
[Alias("opr.ICallbackWorkObserver")]
public interface ICallbackWorkObserver : IGrainObserver
{
    [OneWay]
    Task OnCallbackWorkAsync(string outboxKey);
}

/// <summary>The edges' callback workers, cluster-wide (key <see cref="OprKeys.CallbackWorkers"/>): outboxes with callback
/// work tell it, and it tells every worker; the first to take the outbox's lease delivers.</summary>
[Alias("opr.IOprCallbackWorkersGrain")]
public interface IOprCallbackWorkersGrain : IGrainWithStringKey
{
    /// <summary>Subscribes (or renews the subscription of) a worker; subscriptions not renewed expire.</summary>
    Task SubscribeAsync(ICallbackWorkObserver worker);

    Task UnsubscribeAsync(ICallbackWorkObserver worker);

    [OneWay]
    Task WorkAvailableAsync(string outboxKey);
}
