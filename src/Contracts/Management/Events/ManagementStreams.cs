namespace CallCenter.Management.Events;

/// <summary>
/// Where management events are published. The edge must hear every tenant's events (it serves whichever tenants' STOMP
/// sessions connect to it, and sends every tenant's webhooks) without knowing the tenants in advance, so events go to a
/// fixed set of global partition streams rather than one stream per tenant. A tenant always maps to the same partition,
/// which keeps each tenant's (and so each agent's) events in publication order.
/// </summary>
public static class ManagementStreams
{
    /// <summary>The runtime's stream provider the management area uses.</summary>
    public const string ProviderName = "Default";

    public const string Namespace = "management-events";

    /// <summary>Partitions: enough for the edge to deliver tenants in parallel, few enough to subscribe to all.</summary>
    public const int PartitionCount = 4;

    /// <summary>The partition stream key of a tenant ("_mgmt-0" ... ): global keys start with "_".</summary>
    public static string KeyFor(string tenantId) => PartitionKey(Partition(tenantId));

    public static string PartitionKey(int partition) => "_mgmt-" + partition;

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
