using CallCenter.Edge.Management.Webhooks;
using CallCenter.Edge.Stomp;
using CallCenter.Management.Events;
using CallCenter.Management.Webhooks;
using CallCenter.Runtime.Diagnostics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace CallCenter.Edge.Management.Push;

/// <summary>
/// Hears every management event (this edge's observer is subscribed to every partition hub) and turns it into this edge's
/// STOMP pushes and, for task and extension-state events, a notification enqueued (awaited, so they keep the events'
/// order) to the tenant's durable webhook outbox grain, the one sender of webhooks in the cluster. Every edge runs one, since any edge may hold the
/// sessions an event is for; the outbox ignores the same notification relayed by another edge.
/// </summary>
/// <remarks>
/// Hubs number their events and Orleans does not promise the order of their one-way notifications, so each partition is
/// delivered strictly by number: an event after a gap waits until the gap is read back from the hub, and a repeat is
/// dropped. Subscriptions are renewed every <see cref="ManagementPushOptions.RenewInterval"/>; a renewal that finds the
/// hub ahead (a notification lost, or a hub restarted under a new epoch) reads what was missed.
/// </remarks>
internal sealed class ManagementEventRelay(
    IClusterClient cluster,
    IStompBroker broker,
    IOptions<ManagementOptions> options,
    IBackgroundWork work,
    ILogger<ManagementEventRelay> log) : IHostedService, IManagementEventObserver, IAsyncDisposable
{
    private readonly Partition[] _partitions = Enumerable.Range(0, ManagementEventHubs.PartitionCount).Select(p => new Partition(p)).ToArray();
    private IManagementEventObserver? _self;
    private ITimer? _renewal;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _self = cluster.CreateObjectReference<IManagementEventObserver>(this);
        foreach (var partition in _partitions) await RenewAsync(partition);
        var every = options.Value.Push.RenewInterval;
        _renewal = TimeProvider.System.CreateTimer(_ => _ = RenewAllAsync(), null, every, every);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_renewal is not null) await _renewal.DisposeAsync();
        if (_self is null) return;
        foreach (var partition in _partitions)
        {
            try
            {
                await Hub(partition.Index).UnsubscribeAsync(_self);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogDebug(e, "Unsubscribing from management partition {Partition} failed", partition.Index);
            }
        }
        cluster.DeleteObjectReference<IManagementEventObserver>(_self);
        _self = null;
    }

    public async Task OnEventsAsync(int partition, string epoch, IReadOnlyList<SequencedManagementEvent> events)
    {
        if (partition < 0 || partition >= _partitions.Length) return;
        var state = _partitions[partition];
        await state.Gate.WaitAsync();
        try
        {
            if (epoch != state.Epoch)
            {
                // A hub activation this edge has not seen: everything it numbered is new here.
                state.Epoch = epoch;
                state.Delivered = 0;
            }
            foreach (var item in events.OrderBy(e => e.Seq))
            {
                if (item.Seq <= state.Delivered) continue;
                if (item.Seq > state.Delivered + 1) await CatchUpAsync(state, item.Seq);
                if (item.Seq <= state.Delivered) continue;
                await DeliverAsync(item.Event);
                state.Delivered = item.Seq;
            }
        }
        finally
        {
            state.Gate.Release();
        }
    }

    private async Task RenewAllAsync()
    {
        using var _ = work.Begin("renewing the management event subscriptions");
        foreach (var partition in _partitions)
        {
            try
            {
                await RenewAsync(partition);
            }
            catch (Exception e)
            {
                log.LogWarning(e, "Renewing the subscription to management partition {Partition} failed; retrying at the next renewal", partition.Index);
            }
        }
    }

    private async Task RenewAsync(Partition state)
    {
        if (_self is null) return;
        var position = await Hub(state.Index).SubscribeAsync(_self);
        await state.Gate.WaitAsync();
        try
        {
            if (state.Epoch is null)
            {
                // First subscription: what was published before is not ours to deliver.
                state.Epoch = position.Epoch;
                state.Delivered = position.LastSeq;
                return;
            }
            if (position.Epoch != state.Epoch)
            {
                state.Epoch = position.Epoch;
                state.Delivered = 0;
            }
            if (position.LastSeq > state.Delivered) await CatchUpAsync(state, position.LastSeq + 1);
        }
        finally
        {
            state.Gate.Release();
        }
    }

    /// <summary>Delivers, from the hub's retained events, everything of the current epoch before <paramref name="beforeSeq"/>.</summary>
    private async Task CatchUpAsync(Partition state, long beforeSeq)
    {
        var backlog = await Hub(state.Index).ReadAsync(state.Delivered);
        if (backlog.Epoch != state.Epoch) return;
        if (!backlog.Complete)
            log.LogWarning("Management partition {Partition}: events after {Seq} were no longer retained by the hub; some STOMP pushes were lost", state.Index, state.Delivered);
        foreach (var item in backlog.Events)
        {
            if (item.Seq <= state.Delivered || item.Seq >= beforeSeq) continue;
            await DeliverAsync(item.Event);
            state.Delivered = item.Seq;
        }
    }

    private async Task DeliverAsync(ManagementEvent e)
    {
        try
        {
            foreach (var push in ManagementPushes.For(e)) await broker.PublishAsync(e.TenantId, push.Destination, push.Body);
            if (options.Value.Webhooks.Enabled && WebhookNotifications.For(e) is { } notification)
            {
                // Awaited: the outbox persists it before it answers, and the next event's notification must come after it.
                await cluster.GetGrain<IWebhookOutboxGrain>(IWebhookOutboxGrain.KeyFor(e.TenantId)).EnqueueAsync(notification);
            }
        }
        catch (Exception ex)
        {
            // One event that cannot be delivered must not stop the partition for every other tenant.
            log.LogError(ex, "Management event {EventType} of tenant {TenantId} could not be relayed", e.GetType().Name, e.TenantId);
        }
    }

    private IManagementEventHubGrain Hub(int partition) => cluster.GetGrain<IManagementEventHubGrain>(ManagementEventHubs.PartitionKey(partition));

    public async ValueTask DisposeAsync()
    {
        if (_renewal is not null) await _renewal.DisposeAsync();
        foreach (var partition in _partitions) partition.Gate.Dispose();
    }

    private sealed class Partition(int index)
    {
        public int Index { get; } = index;

        public SemaphoreSlim Gate { get; } = new(1, 1);

        public string? Epoch { get; set; }

        public long Delivered { get; set; }
    }
}
