using CallCenter.Management.Events;

namespace CallCenter.Grains.Management.Events;

/// <summary>How grains publish management events: to the tenant's partition hub, awaited so that the events one grain
/// publishes are numbered in the order it published them.</summary>
internal static class ManagementEventPublisher
{
    public static Task PublishAsync(this IGrainFactory grains, ManagementEvent e)
        => grains.GetGrain<IManagementEventHubGrain>(ManagementEventHubs.KeyFor(e.TenantId)).PublishAsync(e);

    /// <summary>Events of one tenant published together: one hub call and one notification per edge.</summary>
    public static Task PublishAsync(this IGrainFactory grains, ManagementEvent first, ManagementEvent second)
        => grains.GetGrain<IManagementEventHubGrain>(ManagementEventHubs.KeyFor(first.TenantId)).PublishManyAsync([first, second]);
}
