namespace CallCenter.Management.Events;

/// <summary>
/// Where management events are published: a fixed set of global hub grains (<see cref="IManagementEventHubGrain"/>), one
/// per partition, rather than one per tenant, because every edge must hear every tenant's events (it serves whichever
/// tenants' STOMP sessions connect to it) without knowing the tenants in advance. A tenant always maps to the same
/// partition, whose hub numbers its events, which keeps each tenant's (and so each agent's) events in publication order.
/// </summary>
public static class ManagementEventHubs
{
    /// <summary>Partitions: enough for the edges to be served in parallel, few enough for every edge to subscribe to all.</summary>
    public const int PartitionCount = 4;

    /// <summary>The hub key of a tenant ("_mgmt-0" ... ): global keys start with "_".</summary>
    public static string KeyFor(string tenantId) => PartitionKey(Partition(tenantId));

    public static string PartitionKey(int partition) => Prefix + partition;

    /// <summary>The partition a hub key names.</summary>
    public static int ParsePartition(string hubKey)
        => hubKey.StartsWith(Prefix, StringComparison.Ordinal) && int.TryParse(hubKey.AsSpan(Prefix.Length), out var p) && p is >= 0 and < PartitionCount
            ? p
            : throw new ArgumentException($"'{hubKey}' is not a management event hub key", nameof(hubKey));

    private const string Prefix = "_mgmt-";

    /// <summary>A stable hash (string.GetHashCode is randomised per process, and edge and silo may be different processes).</summary>
    public static int Partition(string tenantId)
    {
        uint hash = 2166136261;
        foreach (var c in tenantId)
        {
            hash ^= c;
            hash *= 16777619;
        }
        return (int)(hash % PartitionCount);
    }
}
