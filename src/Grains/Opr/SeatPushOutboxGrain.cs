using CallCenter.Opr;
using CallCenter.Opr.Pushes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Utilities;

namespace CallCenter.Grains.Opr;

public sealed class SeatOutboxState
{
    /// <summary>The last sequence number issued (numbers are never reused, also across restarts).</summary>
    public long LastSeq { get; set; }

    public List<OutboxEntry> Entries { get; set; } = [];

    /// <summary>Where pushes appended now go by HTTP (null: nowhere).</summary>
    public string? CallbackUrl { get; set; }

    /// <summary>Every push up to this number is done with as far as HTTP callbacks go.</summary>
    public long CallbackDoneSeq { get; set; }
}

/// <summary>One push as retained, with the callback URL in force when it was appended (null: not for HTTP delivery).</summary>
public sealed class OutboxEntry
{
    public SequencedPush Push { get; set; } = default!;
    public string? CallbackUrl { get; set; }
}

/// <summary>
/// A seat's pushes, numbered and retained (persisted) so a reconnecting websocket client can resume after the last number
/// it saw, sent to the edges holding live sessions of the seat, and handed out one at a time under a lease to the HTTP
/// callback workers of the edges so each push is POSTed by one worker, in order.
/// </summary>
[GrainType("opr-seat-outbox")]
public sealed class SeatPushOutboxGrain(
    [PersistentState("outbox")] IPersistentState<SeatOutboxState> store,
    TimeProvider clock,
    IOptions<OprOptions> options,
    ILogger<SeatPushOutboxGrain> log) : Grain, ISeatPushOutboxGrain
{
    // The edges holding websocket sessions of this seat; they renew every Edge:Opr:PushSubscriptionRenewal.
    private readonly ObserverManager<ISeatPushObserver> _edges = new(options.Value.PushSubscriptionExpiry, log);
    private string? _leaseHolder;
    private DateTimeOffset _leaseUntil;

    // Repeats the "callback work here" announcement while pushes wait for their callback (see AnnounceCallbackWorkAsync).
    private IGrainTimer? _announcer;

    private SeatOutboxState S => store.State;

    public Task<long> AppendAsync(OprPush push) => AppendManyAsync([push]);

    public async Task<long> AppendManyAsync(IReadOnlyList<OprPush> pushes)
    {
        if (pushes.Count == 0) return S.LastSeq;
        var now = clock.GetUtcNow();
        var appended = new List<SequencedPush>(pushes.Count);
        foreach (var push in pushes)
        {
            var sequenced = new SequencedPush(++S.LastSeq, now, push);
            appended.Add(sequenced);
            S.Entries.Add(new OutboxEntry { Push = sequenced, CallbackUrl = S.CallbackUrl });
        }
        Trim();
        // Persisted before anyone sees it: a number a client saw is never issued again.
        await store.WriteStateAsync();

        var key = this.GetPrimaryKeyString();
        IReadOnlyList<SequencedPush> batch = appended;
        await _edges.Notify(edge => edge.OnSeatPushesAsync(key, batch));
        if (S.CallbackUrl is not null) await AnnounceCallbackWorkAsync();
        return S.LastSeq;
    }

    public Task<long> SubscribeAsync(ISeatPushObserver edge)
    {
        _edges.Subscribe(edge, edge);
        return Task.FromResult(S.LastSeq);
    }

    public Task UnsubscribeAsync(ISeatPushObserver edge)
    {
        _edges.Unsubscribe(edge);
        return Task.CompletedTask;
    }

    public Task<PushBacklog> ReadAsync(long afterSeq)
    {
        var items = S.Entries.Where(e => e.Push.Seq > afterSeq).Select(e => e.Push).ToList();
        var oldest = S.Entries.Count > 0 ? S.Entries[0].Push.Seq : S.LastSeq + 1;
        // Complete when nothing after afterSeq was dropped: either it is retained from afterSeq+1 on, or nothing is newer.
        var complete = afterSeq >= S.LastSeq || oldest <= afterSeq + 1;
        return Task.FromResult(new PushBacklog(items, complete, S.LastSeq));
    }

    public async Task SetCallbackAsync(string? url)
    {
        if (S.CallbackUrl == url) return;
        S.CallbackUrl = url;
        await store.WriteStateAsync();
    }

    public async Task<CallbackLease?> LeaseCallbackAsync(string workerId)
    {
        var now = clock.GetUtcNow();
        if (_leaseHolder is not null && _leaseHolder != workerId && _leaseUntil > now) return null;
        var next = S.Entries.FirstOrDefault(e => e.Push.Seq > S.CallbackDoneSeq && e.CallbackUrl is not null);
        if (next is null)
        {
            _leaseHolder = null;
            var last = S.Entries.Count > 0 ? S.Entries[^1].Push.Seq : S.LastSeq;
            if (S.CallbackDoneSeq < last)
            {
                S.CallbackDoneSeq = last;
                await store.WriteStateAsync();
            }
            return null;
        }
        _leaseHolder = workerId;
        _leaseUntil = now + options.Value.CallbackLease;
        return new CallbackLease(this.GetPrimaryKeyString(), next.CallbackUrl!, next.Push);
    }

    public async Task CompleteCallbackAsync(string workerId, long seq, bool delivered)
    {
        if (_leaseHolder != workerId) return;
        _leaseHolder = null;
        if (seq <= S.CallbackDoneSeq) return;
        S.CallbackDoneSeq = seq;
        await store.WriteStateAsync();
    }

    /// <summary>
    /// Tells the edges' callback workers this seat has pushes to POST. The announcement is one-way and carries nothing
    /// but this outbox's key, so announcements overtaking each other or arriving twice change nothing (the lease hands out
    /// pushes in order); one that finds no worker (an edge starting, the workers grain reactivated and not yet renewed)
    /// is repeated every <see cref="OprOptions.CallbackLease"/> for as long as pushes wait and nobody holds the lease.
    /// </summary>
    private async Task AnnounceCallbackWorkAsync()
    {
        await GrainFactory.GetGrain<IOprCallbackWorkersGrain>(OprKeys.CallbackWorkers).WorkAvailableAsync(this.GetPrimaryKeyString());
        var every = options.Value.CallbackLease;
        _announcer ??= this.RegisterGrainTimer(async () =>
        {
            if (!S.Entries.Any(e => e.Push.Seq > S.CallbackDoneSeq && e.CallbackUrl is not null))
            {
                _announcer?.Dispose();
                _announcer = null;
                return;
            }
            if (_leaseHolder is not null && _leaseUntil > clock.GetUtcNow()) return;
            await GrainFactory.GetGrain<IOprCallbackWorkersGrain>(OprKeys.CallbackWorkers).WorkAvailableAsync(this.GetPrimaryKeyString());
        }, every, every);
    }

    /// <summary>Keeps the newest pushes for resuming clients, and any push still owed to a callback URL.</summary>
    private void Trim()
    {
        var retention = Math.Max(1, options.Value.OutboxRetention);
        var excess = S.Entries.Count - retention;
        if (excess <= 0) return;
        var removable = 0;
        while (removable < excess && (S.Entries[removable].CallbackUrl is null || S.Entries[removable].Push.Seq <= S.CallbackDoneSeq)) removable++;
        // A callback URL that never answers must not make the outbox grow without bound.
        if (S.Entries.Count - removable > retention * 4) removable = S.Entries.Count - retention * 4;
        S.Entries.RemoveRange(0, removable);
    }
}
