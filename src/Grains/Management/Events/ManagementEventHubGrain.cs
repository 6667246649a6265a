using CallCenter.Management.Events;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Utilities;

namespace CallCenter.Grains.Management.Events;

/// <summary>
/// A partition of the management events: numbers them, keeps the newest <see cref="ManagementEventHubOptions.Retention"/>
/// in memory for edges filling a gap, and sends each to every subscribed edge one-way (a slow or dead edge holds up no
/// publisher). Nothing is persisted: events are notifications of state that is persisted where it belongs, and a new
/// activation starts a new epoch, which tells the edges to start counting afresh. The one durable copy is each tenant's
/// event log (<see cref="ITenantEventLogGrain"/>), appended before any edge is notified.
/// </summary>
/// <remarks>
/// Reentrant for group commit: the log append is a storage round trip, and one per publication capped a tenant at one
/// write per event (docs/performance.md). Only the flush loop numbers, retains and sends events, so they keep their
/// publication order; subscriptions and backlog reads interleave and see whole batches.
/// </remarks>
[GrainType("mgmt-event-hub")]
[Orleans.Concurrency.Reentrant]
public sealed class ManagementEventHubGrain(IOptions<ManagementEventHubOptions> options, IOptions<EventLogOptions> eventLog, ILogger<ManagementEventHubGrain> log)
    : Grain, IManagementEventHubGrain
{
    private readonly ObserverManager<IManagementEventObserver> _edges = new(options.Value.SubscriptionExpiry, log);
    private readonly Queue<SequencedManagementEvent> _retained = new();
    private readonly string _epoch = Guid.NewGuid().ToString("N");
    private List<(IReadOnlyList<ManagementEvent> Events, TaskCompletionSource Published)> _waiting = [];
    private Task? _flushing;
    private int _partition;
    private long _lastSeq;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _partition = ManagementEventHubs.ParsePartition(this.GetPrimaryKeyString());
        return Task.CompletedTask;
    }

    public Task PublishAsync(ManagementEvent e) => PublishManyAsync([e]);

    public Task PublishManyAsync(IReadOnlyList<ManagementEvent> events)
    {
        if (events.Count == 0) return Task.CompletedTask;
        var published = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _waiting.Add((events, published));
        _flushing ??= FlushAsync();
        return published.Task;
    }

    /// <summary>Group commit: publications that arrive while a batch is being logged and sent wait for the next batch,
    /// which takes them all, in arrival order. Each publisher learns the outcome of its batch.</summary>
    private async Task FlushAsync()
    {
        while (_waiting.Count > 0)
        {
            var batch = _waiting;
            _waiting = [];
            try
            {
                await PublishBatchAsync(batch.Count == 1 ? batch[0].Events : batch.SelectMany(b => b.Events).ToList());
                foreach (var (_, published) in batch) published.SetResult();
            }
            catch (Exception e)
            {
                foreach (var (_, published) in batch) published.SetException(e);
            }
        }
        _flushing = null;
    }

    private async Task PublishBatchAsync(IReadOnlyList<ManagementEvent> events)
    {
        if (eventLog.Value.Enabled)
        {
            // Awaited, tenant by tenant in publication order: what an edge pushes next is then already durable.
            foreach (var tenant in events.GroupBy(e => e.TenantId))
                await GrainFactory.GetGrain<ITenantEventLogGrain>(ITenantEventLogGrain.KeyFor(tenant.Key)).AppendAsync(tenant.ToList());
        }
        var batch = new SequencedManagementEvent[events.Count];
        for (var i = 0; i < events.Count; i++)
        {
            batch[i] = new SequencedManagementEvent(++_lastSeq, events[i]);
            _retained.Enqueue(batch[i]);
        }
        while (_retained.Count > Math.Max(1, options.Value.Retention)) _retained.Dequeue();
        await _edges.Notify(edge => edge.OnEventsAsync(_partition, _epoch, batch));
    }

    public Task<HubPosition> SubscribeAsync(IManagementEventObserver observer)
    {
        _edges.Subscribe(observer, observer);
        return Task.FromResult(new HubPosition(_epoch, _lastSeq));
    }

    public Task UnsubscribeAsync(IManagementEventObserver observer)
    {
        _edges.Unsubscribe(observer);
        return Task.CompletedTask;
    }

    public Task<ManagementEventBacklog> ReadAsync(long afterSeq)
    {
        var events = _retained.Where(e => e.Seq > afterSeq).ToList();
        var oldest = _retained.Count > 0 ? _retained.Peek().Seq : _lastSeq + 1;
        var complete = afterSeq >= _lastSeq || oldest <= afterSeq + 1;
        return Task.FromResult(new ManagementEventBacklog(_epoch, events, complete, _lastSeq));
    }
}

public sealed class ManagementEventHubOptions
{
    public const string SectionName = "Management:EventHubs";

    /// <summary>Events kept per partition for edges that missed some.</summary>
    public int Retention { get; set; } = 10_000;

    /// <summary>An edge that has not renewed its subscription for this long is dropped (edges renew every
    /// <c>Management:EventRelay:RenewInterval</c>).</summary>
    public TimeSpan SubscriptionExpiry { get; set; } = TimeSpan.FromMinutes(2);
}
