using CallCenter.Management.Events;
using CallCenter.Runtime;
using CallCenter.Runtime.Streams;

namespace CallCenter.Grains.Management.Events;

/// <summary>How management grains publish their domain events: on the tenant's partition of the management stream, which
/// every edge subscribes to (see <see cref="ManagementStreams"/>).</summary>
internal static class ManagementEventPublisher
{
    public static Task PublishAsync(this Grain grain, ManagementEvent e)
        => grain.GetStreamProvider(ManagementStreams.ProviderName)
            .GetStream<ManagementEvent>(StreamId.Create(ManagementStreams.Namespace, ManagementStreams.KeyFor(e.TenantId)))
            .OnNextAsync(e);
}
