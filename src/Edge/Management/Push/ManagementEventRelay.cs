using CallCenter.Edge.Management.Webhooks;
using CallCenter.Edge.Stomp;
using CallCenter.Management.Events;
using CallCenter.Management.Webhooks;
using CallCenter.Runtime;
using CallCenter.Runtime.Streams;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace CallCenter.Edge.Management.Push;

/// <summary>
/// Hears every management event (all partitions of the management stream) and turns it into this edge's STOMP pushes
/// and, for task and extension-state events, a notification enqueued (one-way) to the tenant's durable webhook outbox
/// grain, the one sender of webhooks in the cluster. Every edge runs one, since any edge may hold the sessions an event
/// is for; the outbox ignores the same notification relayed by another edge.
/// </summary>
internal sealed class ManagementEventRelay(IClusterClient cluster, IStompBroker broker, IOptions<ManagementOptions> options, ILogger<ManagementEventRelay> log) : IHostedService
{
    private readonly List<StreamSubscriptionHandle<ManagementEvent>> _subscriptions = [];

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var provider = cluster.GetStreamProvider(ManagementStreams.ProviderName);
        for (var partition = 0; partition < ManagementStreams.PartitionCount; partition++)
        {
            var stream = provider.GetStream<ManagementEvent>(StreamId.Create(ManagementStreams.Namespace, ManagementStreams.PartitionKey(partition)));
            _subscriptions.Add(await stream.SubscribeAsync(OnEventAsync));
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        foreach (var subscription in _subscriptions) await subscription.UnsubscribeAsync();
        _subscriptions.Clear();
    }

    private async Task OnEventAsync(ManagementEvent e, StreamSequenceToken token)
    {
        try
        {
            foreach (var push in ManagementPushes.For(e)) await broker.PublishAsync(e.TenantId, push.Destination, push.Body);
            if (options.Value.Webhooks.Enabled && WebhookNotifications.For(e) is { } notification)
            {
                // One-way: completes once queued; the outbox persists it before its turn ends.
                await cluster.GetGrain<IWebhookOutboxGrain>(IWebhookOutboxGrain.KeyFor(e.TenantId)).EnqueueAsync(notification);
            }
        }
        catch (Exception ex)
        {
            // One event that cannot be delivered must not stop the stream for every other tenant.
            log.LogError(ex, "Management event {EventType} of tenant {TenantId} could not be relayed", e.GetType().Name, e.TenantId);
        }
    }
}
