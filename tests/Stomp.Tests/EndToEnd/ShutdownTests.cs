using System.Net.WebSockets;
using CallCenter.Edge.Stomp;
using CallCenter.Stomp.Tests.Support;
using static CallCenter.Stomp.Tests.Support.StompHarness;

namespace CallCenter.Stomp.Tests.EndToEnd;

/// <summary>Stopping the host ends every STOMP connection cleanly, instead of leaving websockets and streams to be cut
/// when the graceful-stop timeout runs out.</summary>
public sealed class ShutdownTests
{
    [Fact]
    public async Task Stopping_the_system_closes_websockets_and_streams_with_close_frames()
    {
        var server = new StompServerFixture();
        await server.InitializeAsync();
        var disposed = false;
        try
        {
            await using var raw = await WebSocketTestClient.ConnectAsync(server.BaseAddress, "callcenter/ws/websocket");
            await raw.SendAsync(Frame("CONNECT", [("accept-version", "1.2"), ("heart-beat", "0,0")]));
            Assert.Equal(StompCommand.Connected, TestClient.ParseServerFrames([(await raw.ReceiveAsync())!]).Single().Command);

            await using var sockJs = await WebSocketTestClient.ConnectAsync(server.BaseAddress, $"callcenter/ws/000/{SockJsHttpClient.NewSessionId()}/websocket");
            Assert.Equal("o", await sockJs.ReceiveAsync());

            using var http = new SockJsHttpClient(server.SockJsUrl, SockJsHttpClient.NewSessionId());
            using var stream = await http.StreamAsync();
            await stream.ReadFrameAsync();
            Assert.Equal("o", await stream.ReadFrameAsync());

            var stopping = server.DisposeAsync();
            disposed = true;

            Assert.Empty(await raw.ReceiveUntilClosedAsync());
            Assert.Equal(WebSocketCloseStatus.NormalClosure, raw.CloseStatus);
            Assert.Equal(["c[3000,\"Go away!\"]"], await sockJs.ReceiveUntilClosedAsync());
            Assert.Equal("c[3000,\"Go away!\"]", await stream.ReadFrameAsync());
            Assert.Null(await stream.ReadFrameAsync());
            await stopping.WaitAsync(Eventually.HangGuard);
        }
        finally
        {
            if (!disposed) await server.DisposeAsync();
        }
    }
}
