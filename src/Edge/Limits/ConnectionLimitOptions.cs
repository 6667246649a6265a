namespace CallCenter.Edge.Limits;

/// <summary>Section "Edge:Connections": how many client connections the edge holds at once. Without explicit values
/// they are derived from the open-file limit (<see cref="ConnectionLimits"/>), so a connection flood is refused at
/// accept time instead of exhausting file descriptors and taking down the connections already being served.</summary>
public sealed class ConnectionLimitOptions
{
    public const string SectionName = "Edge:Connections";

    /// <summary>Plain HTTP connections (keep-alive included); null derives it from the open-file limit.</summary>
    public long? MaxConnections { get; set; }

    /// <summary>Websocket connections (STOMP, SockJS websocket, operator-console pushes); null derives it.</summary>
    public long? MaxUpgradedConnections { get; set; }

    /// <summary>Descriptors kept free for everything that is not a client: storage and cluster sockets, log and
    /// recording files, outbound webhooks. Null: a tenth of the limit, at least 256.</summary>
    public long? ReservedFileDescriptors { get; set; }

    /// <summary>Share of the usable descriptors given to websockets, which agents hold open all day.</summary>
    public double UpgradedShare { get; set; } = 0.75;
}
