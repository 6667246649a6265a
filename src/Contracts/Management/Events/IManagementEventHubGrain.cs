namespace CallCenter.Management.Events;

/// <summary>
/// One partition of the management events (<see cref="ManagementEventHubs"/>): numbers every event published to it
/// (1, 2, 3… per epoch), keeps the newest ones so an edge can fill a gap, and notifies every subscribed edge.
/// Key: <see cref="ManagementEventHubs.PartitionKey"/>.
/// </summary>
[Alias("management.IManagementEventHubGrain")]
public interface IManagementEventHubGrain : IGrainWithStringKey
{
    /// <summary>Awaited by publishers, so the events one grain publishes keep their order.</summary>
    Task PublishAsync(ManagementEvent e);

    /// <summary>Several events of one publisher's turn, numbered in order and sent to the edges in one notification.</summary>
    Task PublishManyAsync(IReadOnlyList<ManagementEvent> events);

    /// <summary>Subscribes (or refreshes the subscription of) an edge; subscriptions not refreshed expire.</summary>
    /// <returns>Where the hub is now: an edge that already delivered up to <see cref="HubPosition.LastSeq"/> of that epoch
    /// missed nothing.</returns>
    Task<HubPosition> SubscribeAsync(IManagementEventObserver observer);

    Task UnsubscribeAsync(IManagementEventObserver observer);

    /// <summary>The retained events after <paramref name="afterSeq"/> of the hub's current epoch.</summary>
    Task<ManagementEventBacklog> ReadAsync(long afterSeq);
}

/// <param name="Epoch">Identifies the hub's activation: numbers start again at 1 when it changes.</param>
[GenerateSerializer, Immutable, Alias("management.events.HubPosition")]
public sealed record HubPosition(string Epoch, long LastSeq);

[GenerateSerializer, Immutable, Alias("management.events.SequencedManagementEvent")]
public sealed record SequencedManagementEvent(long Seq, ManagementEvent Event);

/// <param name="Complete">False when events after the asked-for number were already dropped.</param>
[GenerateSerializer, Immutable, Alias("management.events.ManagementEventBacklog")]
public sealed record ManagementEventBacklog(string Epoch, IReadOnlyList<SequencedManagementEvent> Events, bool Complete, long LastSeq);

/// <summary>An edge process, subscribed to the management hubs (one observer per edge, which fans out to its sessions).</summary>
[Alias("management.IManagementEventObserver")]
public interface IManagementEventObserver : IGrainObserver
{
    /// <summary>Events of one partition, numbered; Orleans does not promise their order, so the edge puts them in order and
    /// fills gaps from <see cref="IManagementEventHubGrain.ReadAsync"/>.</summary>
    [OneWay]
    Task OnEventsAsync(int partition, string epoch, IReadOnlyList<SequencedManagementEvent> events);
}
