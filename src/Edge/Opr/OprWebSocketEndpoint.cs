using System.Net.WebSockets;
using System.Text;
using System.Threading.Channels;
using CallCenter.Edge.Json;
using CallCenter.Edge.Telemetry;
using CallCenter.Edge.Tenancy;
using CallCenter.Opr;
using CallCenter.Opr.Pushes;

namespace CallCenter.Edge.Opr;

/// <summary>
/// <c>GET /api/ws?seatId=6[&amp;since=N]</c>: the seat's pushes over a websocket (docs/opr-console.md). The first frame is
/// <c>{"msgType":"ws_ready","seatId","seq","complete"}</c>; then, with <c>since</c>, every retained push after N; then live
/// pushes. Each push carries its <c>seq</c>; a client that reconnects with the last seq it saw misses nothing (or is told
/// <c>complete:false</c> when the gap is longer than the outbox keeps, and should call getSeatState).
/// </summary>
internal static class OprWebSocketEndpoint
{
    public static async Task HandleAsync(HttpContext http, IClusterClient grains, ILoggerFactory logs, Microsoft.Extensions.Hosting.IHostApplicationLifetime lifetime, TimeProvider clock)
    {
        if (!http.WebSockets.IsWebSocketRequest)
        {
            await OprReplies.Json(OprReplies.Failed("websocket_required"), StatusCodes.Status400BadRequest).ExecuteAsync(http);
            return;
        }
        var tenant = http.GetTenant().TenantId;
        var seatId = http.Request.Query["seatId"].ToString();
        if (!OprIds.IsValidId(seatId))
        {
            await OprReplies.Json(OprReplies.Failed(seatId.Length == 0 ? "missing_field:seatId" : "invalid_field:seatId"), StatusCodes.Status400BadRequest).ExecuteAsync(http);
            return;
        }
        long? since = null;
        if (http.Request.Query.TryGetValue("since", out var sinceText) && sinceText.Count > 0)
        {
            if (!long.TryParse(sinceText.ToString(), out var parsed) || parsed < 0)
            {
                await OprReplies.Json(OprReplies.Failed("invalid_field:since"), StatusCodes.Status400BadRequest).ExecuteAsync(http);
                return;
            }
            since = parsed;
        }
        if (await grains.GetGrain<ISeatGrain>(OprKeys.Seat(tenant, seatId)).GetInfoAsync() is null)
        {
            await OprReplies.Json(OprReplies.Failed(OprReasons.NoSuchSeat), StatusCodes.Status404NotFound).ExecuteAsync(http);
            return;
        }

        var log = logs.CreateLogger("CallCenter.Edge.Opr.WebSocket");
        var outboxKey = OprKeys.Outbox(tenant, seatId);
        var outbox = grains.GetGrain<ISeatPushOutboxGrain>(outboxKey);
        var live = Channel.CreateUnbounded<SequencedPush>(new UnboundedChannelOptions { SingleReader = true });
        // Subscribed before the backlog is read, so nothing published in between is lost (duplicates are skipped by seq).
        var subscription = await http.RequestServices.GetRequiredService<SeatPushFanout>().SubscribeAsync(outboxKey, live.Writer);
        try
        {
            using var socket = await http.WebSockets.AcceptWebSocketAsync();
            // A stopping host ends sessions itself (clients reconnect elsewhere and resume by seq) rather than making the
            // server wait for them until its shutdown timeout.
            using var closed = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, lifetime.ApplicationStopping);
            var receiving = ReceiveUntilClosedAsync(socket, closed);
            await using var goingAway = lifetime.ApplicationStopping.Register(() => _ = CloseQuietlyAsync(socket));

            var backlog = await outbox.ReadAsync(since ?? long.MaxValue);
            var lastSent = since is { } s && s <= backlog.LastSeq ? s : backlog.LastSeq;
            await SendAsync(socket, new System.Text.Json.Nodes.JsonObject
            {
                ["msgType"] = "ws_ready",
                ["seatId"] = seatId,
                ["seq"] = backlog.LastSeq,
                ["complete"] = since is null || (backlog.Complete && since <= backlog.LastSeq),
            }.ToJsonString(EdgeJson.Options), closed.Token);
            foreach (var item in backlog.Items)
            {
                if (item.Seq <= lastSent) continue;
                await SendAsync(socket, OprWire.Push(item, seatId).ToJsonString(EdgeJson.Options), closed.Token);
                lastSent = item.Seq;
            }

            await foreach (var push in live.Reader.ReadAllAsync(closed.Token))
            {
                if (push.Seq <= lastSent) continue;
                if (push.Seq > lastSent + 1)
                {
                    // Some did not arrive (yet): notifications may overtake each other, or be lost. Fill the gap from the outbox.
                    foreach (var missed in (await outbox.ReadAsync(lastSent)).Items.Where(i => i.Seq < push.Seq))
                    {
                        await SendAsync(socket, OprWire.Push(missed, seatId).ToJsonString(EdgeJson.Options), closed.Token);
                        lastSent = missed.Seq;
                    }
                }
                await SendAsync(socket, OprWire.Push(push, seatId).ToJsonString(EdgeJson.Options), closed.Token);
                PushMetrics.Sent("opr", push.At, clock.GetUtcNow());
                lastSent = push.Seq;
            }
            await receiving;
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException)
        {
            log.LogDebug("Websocket of seat {SeatId} closed: {Reason}", seatId, e.Message);
        }
        finally
        {
            await subscription.DisposeAsync();
        }
    }

    private static async Task CloseQuietlyAsync(WebSocket socket)
    {
        try
        {
            if (socket.State == WebSocketState.Open)
                await socket.CloseOutputAsync(WebSocketCloseStatus.EndpointUnavailable, "server stopping", CancellationToken.None);
        }
        catch (Exception e) when (e is WebSocketException or ObjectDisposedException or InvalidOperationException)
        {
        }
    }

    private static Task SendAsync(WebSocket socket, string json, CancellationToken cancellationToken)
        => socket.SendAsync(Encoding.UTF8.GetBytes(json), WebSocketMessageType.Text, endOfMessage: true, cancellationToken);

    /// <summary>Clients send nothing the server needs; reading is how a close (or a dropped connection) is noticed.</summary>
    private static async Task ReceiveUntilClosedAsync(WebSocket socket, CancellationTokenSource closed)
    {
        var buffer = new byte[1024];
        try
        {
            while (socket.State == WebSocketState.Open)
            {
                var result = await socket.ReceiveAsync(buffer, closed.Token);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None);
                    break;
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException)
        {
        }
        finally
        {
            await closed.CancelAsync();
        }
    }
}
