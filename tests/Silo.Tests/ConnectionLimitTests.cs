using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using CallCenter.Edge.Limits;
using CallCenter.TestSupport;

namespace CallCenter.Silo.Tests;

/// <summary>A connection flood is refused at the limit, and the connections already held keep being served.</summary>
public sealed class ConnectionLimitTests
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(20);

    [Fact]
    public void Limits_are_derived_from_the_open_file_limit_leaving_a_reserve()
    {
        // The machine that died at ~19,700 websockets had a 20,000 limit.
        var limits = ConnectionLimits.Derive(new ConnectionLimitOptions(), 20_000);
        Assert.Equal(13_500, limits.MaxUpgradedConnections);
        Assert.Equal(4_500, limits.MaxConnections);
        Assert.True(limits.MaxConnections + limits.MaxUpgradedConnections <= 20_000 - 2_000);

        var small = ConnectionLimits.Derive(new ConnectionLimitOptions(), 1_024);
        Assert.Equal(1_024 - 256, small.MaxConnections + small.MaxUpgradedConnections);

        var configured = ConnectionLimits.Derive(new ConnectionLimitOptions { MaxUpgradedConnections = 10, ReservedFileDescriptors = 100 }, 1_000);
        Assert.Equal(10, configured.MaxUpgradedConnections);
        Assert.Equal(900 - 10, configured.MaxConnections);

        Assert.Equal(new ConnectionLimits(null, 7), ConnectionLimits.Derive(new ConnectionLimitOptions { MaxUpgradedConnections = 7 }, null));
    }

    [Fact]
    public void The_open_file_limit_of_this_process_is_read()
    {
        if (!OperatingSystem.IsLinux()) return;
        var limit = OpenFileLimit.Current();
        Assert.NotNull(limit);
        Assert.Equal(ReadSoftLimitFromProc(), limit);
    }

    [Fact]
    public async Task Websockets_beyond_the_limit_are_refused_and_those_held_keep_working()
    {
        await using var silo = await TestSilo.StartAsync(new TestSiloOptions
        {
            Settings = { ["Edge:Connections:MaxUpgradedConnections"] = "3" },
        });
        var held = new List<ClientWebSocket>();
        try
        {
            for (var i = 0; i < 3; i++) held.Add(await OpenStompSocketAsync(silo));

            var refused = new ClientWebSocket();
            await Assert.ThrowsAnyAsync<WebSocketException>(() => refused.ConnectAsync(silo.WebSocketAddress("callcenter/ws/websocket"), CancellationToken.None).WaitAsync(Guard));

            // The held sockets still speak STOMP, and plain HTTP is still served.
            foreach (var socket in held) Assert.StartsWith("CONNECTED", await ConnectStompAsync(socket));
            Assert.Equal(HttpStatusCode.OK, (await silo.Http.GetAsync("healthz")).StatusCode);

            // A slot freed by a client that leaves is available again.
            await held[0].CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None).WaitAsync(Guard);
            held[0].Dispose();
            held.RemoveAt(0);
            held.Add(await EventuallyOpenAsync(silo));
            Assert.StartsWith("CONNECTED", await ConnectStompAsync(held[^1]));
        }
        finally
        {
            foreach (var socket in held) socket.Dispose();
        }
    }

    [Fact]
    public async Task Plain_connections_beyond_the_limit_are_closed_at_accept()
    {
        await using var silo = await TestSilo.StartAsync(new TestSiloOptions
        {
            Settings = { ["Edge:Connections:MaxConnections"] = "4" },
        });
        silo.Http.Dispose(); // its pooled connections would count against the four
        var held = new List<TcpClient>();
        try
        {
            for (var i = 0; i < 4; i++)
            {
                var client = new TcpClient();
                await client.ConnectAsync(silo.BaseAddress.Host, silo.BaseAddress.Port).WaitAsync(Guard);
                Assert.Contains("200 OK", await GetOnAsync(client));
                held.Add(client);
            }

            using var extra = new TcpClient();
            await extra.ConnectAsync(silo.BaseAddress.Host, silo.BaseAddress.Port).WaitAsync(Guard);
            Assert.Equal("", await GetOnAsync(extra));

            foreach (var client in held) Assert.Contains("200 OK", await GetOnAsync(client));
        }
        finally
        {
            foreach (var client in held) client.Dispose();
        }
    }

    private static async Task<ClientWebSocket> OpenStompSocketAsync(TestSilo silo)
    {
        var socket = new ClientWebSocket();
        await socket.ConnectAsync(silo.WebSocketAddress("callcenter/ws/websocket"), CancellationToken.None).WaitAsync(Guard);
        return socket;
    }

    private static async Task<ClientWebSocket> EventuallyOpenAsync(TestSilo silo)
    {
        // The server counts the slot free once it has finished closing its side.
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await OpenStompSocketAsync(silo);
            }
            catch (WebSocketException) when (attempt < 50)
            {
                await Task.Delay(100);
            }
        }
    }

    private static async Task<string> ConnectStompAsync(ClientWebSocket socket)
    {
        await socket.SendAsync(Encoding.UTF8.GetBytes("CONNECT\naccept-version:1.2\nhost:demo\n\n\0"), WebSocketMessageType.Text, true, CancellationToken.None);
        var buffer = new byte[8192];
        var result = await socket.ReceiveAsync(buffer, CancellationToken.None).WaitAsync(Guard);
        return Encoding.UTF8.GetString(buffer, 0, result.Count);
    }

    /// <returns>The response head, or "" when the server closed the connection without answering.</returns>
    private static async Task<string> GetOnAsync(TcpClient client)
    {
        var stream = client.GetStream();
        try
        {
            await stream.WriteAsync(Encoding.ASCII.GetBytes("GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n")).AsTask().WaitAsync(Guard);
            var buffer = new byte[4096];
            var read = await stream.ReadAsync(buffer).AsTask().WaitAsync(Guard);
            return Encoding.ASCII.GetString(buffer, 0, read);
        }
        catch (IOException)
        {
            return "";
        }
    }

    private static long ReadSoftLimitFromProc()
    {
        var line = File.ReadLines("/proc/self/limits").Single(l => l.StartsWith("Max open files", StringComparison.Ordinal));
        return long.Parse(line["Max open files".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries)[0], System.Globalization.CultureInfo.InvariantCulture);
    }
}
