using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CallCenter.Edge.Json;
using CallCenter.Opr;
using CallCenter.Opr.Pushes;
using CallCenter.Runtime.Diagnostics;
using CallCenter.Runtime.Outbound;
using CallCenter.Tenancy;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace CallCenter.Edge.Opr;

/// <summary>
/// Delivers pushes to operator clients by HTTP POST, as the original server did: one worker per edge process, subscribed
/// to the cluster's callback workers grain, is told "this seat has callback work", takes the seat's next push under the outbox's lease (so one edge at a time delivers a
/// seat's pushes, in order), POSTs it, reads the client's <c>{"status":"ok"}</c> (or, for talk_to_opr,
/// <c>{"status":"ok","response":"accept"|"reject"}</c>), retries a bounded number of times, and reports back. A URL the
/// tenant's outbound policy refuses (<see cref="OutboundHttp"/>: loopback, private, link-local, metadata…) fails at once,
/// without retries: the push is reported undelivered.
/// </summary>
internal sealed partial class OprCallbackDispatcher(
    IClusterClient grains,
    OutboundHttp outbound,
    TimeProvider clock,
    IOptions<OprEdgeOptions> options,
    IBackgroundWork work,
    ILogger<OprCallbackDispatcher> log) : IHostedService, ICallbackWorkObserver
{
    private readonly string _workerId = "edge-" + Guid.NewGuid().ToString("N");
    private readonly ConcurrentDictionary<string, DrainState> _draining = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();
    private ICallbackWorkObserver? _self;
    private ITimer? _renewal;

    private sealed class DrainState
    {
        public int Pending;
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.Callbacks.Enabled) return;
        _self = grains.CreateObjectReference<ICallbackWorkObserver>(this);
        await Workers.SubscribeAsync(_self);
        var every = options.Value.PushSubscriptionRenewal;
        _renewal = TimeProvider.System.CreateTimer(_ => _ = RenewAsync(), null, every, every);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        if (_renewal is not null) await _renewal.DisposeAsync();
        if (_self is null) return;
        try
        {
            await Workers.UnsubscribeAsync(_self);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.LogDebug(e, "Unsubscribing the callback worker failed");
        }
        grains.DeleteObjectReference<ICallbackWorkObserver>(_self);
        _self = null;
    }

    /// <summary>This edge's worker as the workers grain knows it (null until started, or with callbacks off).</summary>
    internal ICallbackWorkObserver? Reference => _self;

    public Task OnCallbackWorkAsync(string outboxKey)
    {
        Schedule(outboxKey);
        return Task.CompletedTask;
    }

    private IOprCallbackWorkersGrain Workers => grains.GetGrain<IOprCallbackWorkersGrain>(OprKeys.CallbackWorkers);

    private async Task RenewAsync()
    {
        if (_self is null) return;
        try
        {
            await Workers.SubscribeAsync(_self);
        }
        catch (Exception e)
        {
            LogRenewalFailed(e);
        }
    }

    /// <summary>One drain per seat at a time; a notification during a drain makes it look again when done.</summary>
    private void Schedule(string outboxKey)
    {
        var state = _draining.GetOrAdd(outboxKey, _ => new DrainState());
        if (Interlocked.Increment(ref state.Pending) > 1) return;
        var draining = work.Begin($"HTTP callbacks of {outboxKey}");
        _ = Task.Run(async () =>
        {
            using var _ = draining;
            do
            {
                Volatile.Write(ref state.Pending, 1);
                try
                {
                    await DrainAsync(outboxKey);
                }
                catch (Exception e) when (!_stopping.IsCancellationRequested)
                {
                    LogDrainFailed(e, outboxKey);
                }
            }
            while (Interlocked.Decrement(ref state.Pending) > 0 && !_stopping.IsCancellationRequested);
        });
    }

    private async Task DrainAsync(string outboxKey)
    {
        var outbox = grains.GetGrain<ISeatPushOutboxGrain>(outboxKey);
        while (!_stopping.IsCancellationRequested)
        {
            var lease = await outbox.LeaseCallbackAsync(_workerId);
            if (lease is null) return;
            var delivered = await DeliverAsync(lease);
            await outbox.CompleteCallbackAsync(_workerId, lease.Push.Seq, delivered);
        }
    }

    private async Task<bool> DeliverAsync(CallbackLease lease)
    {
        var seatId = OprKeys.LocalId(lease.OutboxKey);
        var body = OprWire.Push(lease.Push, seatId).ToJsonString(EdgeJson.Options);
        var settings = options.Value.Callbacks;
        var (tenant, _) = TenantIds.Split(lease.OutboxKey);
        using var http = outbound.ClientFor(await outbound.PolicyForAsync(tenant));
        var delay = settings.RetryDelay;
        for (var attempt = 1; ; attempt++)
        {
            var (reply, refused) = await PostAsync(http, lease.Url, body, settings.Timeout);
            if (refused is not null)
            {
                // The host only: a callback URL's path or query may carry the client's secrets.
                LogRefused(tenant, seatId, lease.Push.Seq, refused.Host, refused.Category);
                return false;
            }
            if (reply is not null)
            {
                await ActOnReplyAsync(lease, reply);
                return true;
            }
            if (attempt >= Math.Max(1, settings.MaxAttempts))
            {
                LogGaveUp(seatId, lease.Push.Seq, attempt);
                return false;
            }
            if (delay > TimeSpan.Zero) await Task.Delay(delay, clock, _stopping.Token);
            delay *= 2;
        }
    }

    /// <returns>The client's JSON reply, or null when the attempt failed (no answer, not 2xx, not JSON); the policy's
    /// refusal when the URL may not be reached.</returns>
    private async Task<(JsonObject? Reply, OutboundRequestRefusedException? Refused)> PostAsync(HttpClient http, string url, string body, TimeSpan timeout)
    {
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
        attempt.CancelAfter(timeout);
        try
        {
            using var content = new StringContent(body, Encoding.UTF8);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
            using var response = await http.PostAsync(url, content, attempt.Token);
            if (!response.IsSuccessStatusCode) return (null, null);
            var text = await response.Content.ReadAsStringAsync(attempt.Token);
            return (JsonNode.Parse(text) as JsonObject, null);
        }
        catch (HttpRequestException e) when (OutboundHttp.RefusalOf(e) is { } refused)
        {
            return (null, refused);
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException or JsonException or InvalidOperationException)
        {
            if (_stopping.IsCancellationRequested) throw;
            return (null, null);
        }
    }

    /// <summary>A talk_to_opr push is answered in the reply: accept or reject goes to the called operator's seat.</summary>
    private async Task ActOnReplyAsync(CallbackLease lease, JsonObject reply)
    {
        if (lease.Push.Push is not TalkRequested talk) return;
        var status = reply["status"]?.GetValueKind() == JsonValueKind.String ? reply["status"]!.GetValue<string>() : null;
        // The spec spells it "reponse"; wire-notes "response". Either.
        var answer = (reply["response"] ?? reply["reponse"]) is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;
        bool? accept = answer switch
        {
            "accept" => true,
            "reject" => false,
            _ when status == "failed" => false,
            _ => null,
        };
        if (accept is null) return; // the client will answer with an accept / reject request instead
        var (tenant, _) = TenantIds.Split(lease.OutboxKey);
        await grains.GetGrain<ISeatGrain>(OprKeys.Seat(tenant, talk.Seat2Id)).AnswerTalkAsync(talk.Operator1Id, accept.Value);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "HTTP callback of seat {SeatId}: push {Seq} not delivered after {Attempts} attempts")]
    private partial void LogGaveUp(string seatId, long seq, int attempts);

    [LoggerMessage(Level = LogLevel.Warning, Message = "HTTP callback of tenant {TenantId} seat {SeatId}: push {Seq} refused by the outbound policy ({Host} is a {AddressCategory} address); not retried")]
    private partial void LogRefused(string tenantId, string seatId, long seq, string host, AddressCategory addressCategory);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Renewing the HTTP callback worker's subscription failed; retrying at the next renewal")]
    private partial void LogRenewalFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "HTTP callback delivery for {OutboxKey} failed")]
    private partial void LogDrainFailed(Exception exception, string outboxKey);
}
