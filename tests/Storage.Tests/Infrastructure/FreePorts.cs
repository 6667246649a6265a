using System.Net;
using System.Net.Sockets;

namespace CallCenter.Storage.Tests.Infrastructure;

public static class FreePorts
{
    /// <summary>A loopback port the system had free a moment ago.</summary>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
