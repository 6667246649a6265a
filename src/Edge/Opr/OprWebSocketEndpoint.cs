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
            var receiving = ReceiveUntilClosedAsync(socket, closed, http.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<OprEdgeOptions>>().Value.MaxWebSocketMessageBytes);
            await using var goingAway = lifetime.ApplicationStopping.Register(() => _ = CloseQuietlyAsync(socket));

            try
            {
                await SendPushesAsync();
            }
            catch (OperationCanceledException) when (closed.IsCancellationRequested)
            {
            }
            // Sent only now that no push is being sent (a websocket takes one send at a time).
            if (await receiving is { } refusal) await RefuseAsync(socket, refusal);

            async Task SendPushesAsync()
            {
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
            }
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

    /// <summary>Tells the client why its socket ends, in the opr shape, then closes with the matching code.</summary>
    private static async Task RefuseAsync(WebSocket socket, (WebSocketCloseStatus Code, string Reason) refusal)
    {
        try
        {
            if (socket.State != WebSocketState.Open) return;
            await SendAsync(socket, OprReplies.Failed(refusal.Reason).ToJsonString(EdgeJson.Options), CancellationToken.None);
            await socket.CloseOutputAsync(refusal.Code, refusal.Reason, CancellationToken.None);
        }
        catch (Exception e) when (e is WebSocketException or ObjectDisposedException or InvalidOperationException or IOException)
        {
        }
    }

    /// <summary>
    /// Clients send nothing the server needs; reading is how a close (or a dropped connection) is noticed. What they do
    /// send is ignored, within limits: a message over <paramref name="maxBytes"/> ends the session with
    /// <c>message_too_large</c> and 1009 (the rest is not read). Invalid UTF-8 in a text message is failed by the
    /// websocket runtime itself with 1007 (docs/opr-console.md).
    /// </summary>
    /// <returns>Why the server ends the session, or null when the client closed or went away.</returns>
    private static async Task<(WebSocketCloseStatus, string)?> ReceiveUntilClosedAsync(WebSocket socket, CancellationTokenSource closed, int maxBytes)
    {
        var buffer = new byte[4096];
        var length = 0L;
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
                length += result.Count;
                if (length > maxBytes) return (WebSocketCloseStatus.MessageTooBig, "message_too_large");
                if (result.EndOfMessage) length = 0;
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException)
        {
        }
        finally
        {
            await closed.CancelAsync();
        }
        return null;
    }
}
