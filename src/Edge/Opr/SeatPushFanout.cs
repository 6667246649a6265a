using System.Threading.Channels;
using CallCenter.Opr;
using CallCenter.Opr.Pushes;
using CallCenter.Runtime.Diagnostics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace CallCenter.Edge.Opr;

/// <summary>
/// This edge's subscriptions to seat pushes: one observer for the whole edge, subscribed at the outbox of every seat that
/// has at least one websocket session here, fanning each push out to those sessions. Sessions put pushes in order by
/// their numbers and fill gaps from the outbox themselves; the fan-out only renews the subscriptions every
/// <see cref="OprEdgeOptions.PushSubscriptionRenewal"/> and, when a renewal shows the outbox is ahead of what arrived
/// (a lost notification, an outbox that restarted and forgot its subscribers), reads the missed pushes for its sessions.
/// </summary>
internal sealed class SeatPushFanout(IClusterClient grains, IOptions<OprEdgeOptions> options, IBackgroundWork work, ILogger<SeatPushFanout> log)
    : ISeatPushObserver, IHostedService
{
    private readonly Dictionary<string, Seat> _seats = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private ISeatPushObserver? _self;
    private ITimer? _renewal;

    /// <summary>Sends the seat's pushes to <paramref name="session"/> until the result is disposed.</summary>
    public async Task<IAsyncDisposable> SubscribeAsync(string outboxKey, ChannelWriter<SequencedPush> session)
    {
        var self = _self ?? throw new InvalidOperationException("the edge has not started");
        Seat seat;
        lock (_gate)
        {
            if (!_seats.TryGetValue(outboxKey, out seat!)) _seats[outboxKey] = seat = new Seat();
            seat.Sessions.Add(session);
            seat.Subscribed ??= grains.GetGrain<ISeatPushOutboxGrain>(outboxKey).SubscribeAsync(self);
        }
        try
        {
            // What the outbox had issued when this edge subscribed, sessions read themselves: a renewal catches up only
            // on what came after.
            var issued = await seat.Subscribed;
            lock (_gate) seat.Highest = Math.Max(seat.Highest, issued);
        }
        catch
        {
            await RemoveAsync(outboxKey, seat, session);
            throw;
        }
        return new Session(this, outboxKey, seat, session);
    }

    /// <summary>This edge's observer as the outboxes know it (null until the edge started).</summary>
    internal ISeatPushObserver? Reference => _self;

    public Task OnSeatPushesAsync(string outboxKey, IReadOnlyList<SequencedPush> pushes)
    {
        ChannelWriter<SequencedPush>[] sessions;
        lock (_gate)
        {
            if (!_seats.TryGetValue(outboxKey, out var seat)) return Task.CompletedTask;
            foreach (var push in pushes) seat.Highest = Math.Max(seat.Highest, push.Seq);
            sessions = [.. seat.Sessions];
        }
        foreach (var session in sessions)
        {
            foreach (var push in pushes) session.TryWrite(push);
        }
        return Task.CompletedTask;
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _self = grains.CreateObjectReference<ISeatPushObserver>(this);
        var every = options.Value.PushSubscriptionRenewal;
        _renewal = TimeProvider.System.CreateTimer(_ => _ = RenewAsync(), null, every, every);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_renewal is not null) await _renewal.DisposeAsync();
        if (_self is not null) grains.DeleteObjectReference<ISeatPushObserver>(_self);
        _self = null;
    }

    private async Task RenewAsync()
    {
        if (_self is not { } self) return;
        using var _ = work.Begin("renewing the seat push subscriptions");
        List<(string Key, Seat Seat)> seats;
        lock (_gate) seats = [.. _seats.Select(p => (p.Key, p.Value))];
        foreach (var (key, seat) in seats)
        {
            try
            {
                var outbox = grains.GetGrain<ISeatPushOutboxGrain>(key);
                var last = await outbox.SubscribeAsync(self);
                long highest;
                lock (_gate) highest = seat.Highest;
                if (last <= highest) continue;
                var missed = await outbox.ReadAsync(highest);
                await OnSeatPushesAsync(key, missed.Items);
            }
            catch (Exception e)
            {
                log.LogWarning(e, "Renewing the push subscription of {OutboxKey} failed; retrying at the next renewal", key);
            }
        }
    }

    private async Task RemoveAsync(string outboxKey, Seat seat, ChannelWriter<SequencedPush> session)
    {
        lock (_gate)
        {
            seat.Sessions.Remove(session);
            if (seat.Sessions.Count > 0 || !_seats.Remove(outboxKey)) return;
        }
        if (_self is null) return;
        try
        {
            await grains.GetGrain<ISeatPushOutboxGrain>(outboxKey).UnsubscribeAsync(_self);
        }
        catch (Exception e)
        {
            // The outbox drops the subscription itself once it is no longer renewed.
            log.LogDebug(e, "Unsubscribing from the pushes of {OutboxKey} failed", outboxKey);
        }
    }

    private sealed class Seat
    {
        public HashSet<ChannelWriter<SequencedPush>> Sessions { get; } = [];

        public Task<long>? Subscribed { get; set; }

        /// <summary>The highest push number that reached this edge.</summary>
        public long Highest { get; set; }
    }

    private sealed class Session(SeatPushFanout owner, string outboxKey, Seat seat, ChannelWriter<SequencedPush> writer) : IAsyncDisposable
    {
        private int _disposed;

        public ValueTask DisposeAsync()
            => Interlocked.Exchange(ref _disposed, 1) == 0 ? new ValueTask(owner.RemoveAsync(outboxKey, seat, writer)) : ValueTask.CompletedTask;
    }
}
