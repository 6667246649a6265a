namespace CallCenter.Edge.Grpc;

/// <summary>Section "Grpc": the gRPC integration API (docs/grpc.md).</summary>
public sealed class GrpcOptions
{
    public const string SectionName = "Grpc";

    /// <summary>A loopback port speaking HTTP/2 without TLS (h2c), added beside the edge's HTTP/1.1 address: the embedded
    /// run's gRPC endpoint (8083). 0: none; production serves gRPC on its TLS endpoints (Http1AndHttp2 with ALPN).</summary>
    public int Port { get; set; }

    /// <summary>Server reflection (grpcurl without the .proto files): on in the embedded run only.</summary>
    public bool Reflection { get; set; }

    /// <summary>Live subscribers one tenant may hold on this edge; more are refused with RESOURCE_EXHAUSTED.</summary>
    public int MaxSubscribersPerTenant { get; set; } = 500;

    /// <summary>Events buffered for one subscriber that reads slowly; beyond it the subscriber reads them back from the
    /// tenant's log instead (nothing is lost, it only falls behind).</summary>
    public int SubscriberBuffer { get; set; } = 4096;

    /// <summary>A subscriber that heard nothing for this long asks the log whether it missed anything (a notification
    /// lost while the log's grain moved, say).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often this edge renews its subscriptions to the logs of tenants it has subscribers of.</summary>
    public TimeSpan RenewInterval { get; set; } = TimeSpan.FromMinutes(1);
}
