namespace CallCenter.Management.Events;

/// <summary>
/// The durable, per-tenant record of the tenant's management events, in publication order, each with a position (1, 2,
/// 3… for the life of the tenant, never reused) that integrations resume from. Appended by the partition hub before it
/// notifies any edge, so an event an edge delivers is already on disk. Kept for a bounded time and count
/// (<c>Management:EventLog</c>). Key: <see cref="KeyFor"/>.
/// </summary>
[Alias("management.ITenantEventLogGrain")]
public interface ITenantEventLogGrain : IGrainWithStringKey
{
    /// <summary>Persists the events (of this tenant, in order) and then notifies the subscribed edges.</summary>
    Task AppendAsync(IReadOnlyList<ManagementEvent> events);

    /// <summary>Up to <paramref name="max"/> retained events after <paramref name="afterPosition"/>, oldest first.</summary>
    Task<EventLogPage> ReadAsync(long afterPosition, int max);

    /// <summary>Subscribes (or renews) an edge; subscriptions not renewed expire.</summary>
    Task<EventLogBounds> SubscribeAsync(IEventLogObserver observer);

    Task UnsubscribeAsync(IEventLogObserver observer);

    public static string KeyFor(string tenantId) => ManagementKeys.EventLog(tenantId);
}

/// <summary>One fixed-size slice of a tenant's event log, so an append rewrites a small record rather than the whole log.
/// Key: <see cref="ManagementKeys.EventLogSegment"/>. Written only by the tenant's <see cref="ITenantEventLogGrain"/>.</summary>
[Alias("management.IEventLogSegmentGrain")]
public interface IEventLogSegmentGrain : IGrainWithStringKey
{
    Task AppendAsync(IReadOnlyList<LoggedEvent> events);

    Task<IReadOnlyList<LoggedEvent>> ReadAsync(long afterPosition, int max);

    /// <summary>The newest position stored here (0: empty), for the log to find where it was after a restart.</summary>
    Task<long> LastPositionAsync();

    /// <summary>Drops the segment (retention).</summary>
    Task ClearAsync();
}

[GenerateSerializer, Immutable, Alias("management.events.LoggedEvent")]
public sealed record LoggedEvent(long Position, ManagementEvent Event);

/// <param name="OldestPosition">The oldest position still retained (<see cref="LastPosition"/> + 1 when empty).</param>
[GenerateSerializer, Immutable, Alias("management.events.EventLogBounds")]
public sealed record EventLogBounds(long OldestPosition, long LastPosition);

[GenerateSerializer, Immutable, Alias("management.events.EventLogPage")]
public sealed record EventLogPage(IReadOnlyList<LoggedEvent> Events, EventLogBounds Bounds);

/// <summary>An edge with gRPC subscribers of the tenant.</summary>
[Alias("management.IEventLogObserver")]
public interface IEventLogObserver : IGrainObserver
{
    /// <summary>Newly logged events. One-way: Orleans does not promise their order, so the edge orders them by position
    /// and reads any gap back with <see cref="ITenantEventLogGrain.ReadAsync"/>.</summary>
    [OneWay]
    Task OnLoggedAsync(string tenantId, IReadOnlyList<LoggedEvent> events);
}
