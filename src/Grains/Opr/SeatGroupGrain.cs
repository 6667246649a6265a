using CallCenter.Calls;
using CallCenter.Extensions;
using CallCenter.Opr;
using CallCenter.Opr.Pushes;
using CallCenter.Routing;
using CallCenter.Telephony;
using CallCenter.Tenancy;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CallCenter.Grains.Opr;

public sealed class SeatGroupState
{
    public SeatGroupConfig? Config { get; set; }
    public List<OfferRecord> Offered { get; set; } = [];
    public List<string> LoggedInSeats { get; set; } = [];
}

/// <summary>A call waiting at the group and when it overflows (null: never).</summary>
public sealed class OfferRecord
{
    public OfferedCall Call { get; set; } = default!;
    public DateTimeOffset? Deadline { get; set; }
}

/// <summary>
/// A seat group: owns the calls to its group phone while they wait, and broadcasts the waiting list to every logged-in
/// seat of the group whenever it changes (call_broadcast; a call missing from the list was withdrawn). The first seat to
/// claim a call gets its leg; a durable reminder sends calls nobody took in time elsewhere.
/// </summary>
/// <remarks>Calls only downwards (seat outboxes; the inbound number, tenant and extension grains; other groups one-way);
/// seats call it, never the reverse, so a seat picking up never waits on a group waiting on that seat.</remarks>
[GrainType("opr-seat-group")]
public sealed class SeatGroupGrain(
    [PersistentState("group")] IPersistentState<SeatGroupState> store,
    ISwitch telephony,
    TimeProvider clock,
    IOptions<OprOptions> options,
    ILogger<SeatGroupGrain> log) : Grain, ISeatGroupGrain, IRemindable
{
    private const string TimeoutReminder = "offer-timeout";

    // Legs whose hang-up arrived before an overflow handed them here.
    private readonly HashSet<string> _ended = new(StringComparer.Ordinal);

    private SeatGroupState S => store.State;

    private string TenantId => TenantIds.Split(this.GetPrimaryKeyString()).TenantId;

    private string SeatGroupNo => OprKeys.LocalId(this.GetPrimaryKeyString());

    private LegOwner Owner => new(OprLegOwnerKinds.SeatGroup, this.GetPrimaryKeyString());

    public async Task<OprResult> ConfigureAsync(SeatGroupConfig config)
    {
        if (config.SeatGroupNo != SeatGroupNo) throw new ArgumentException($"configuration of group {config.SeatGroupNo} sent to group {SeatGroupNo}");
        if (config.OverflowGroupNo == SeatGroupNo) return OprResult.Failed("invalid_field:overflowGroup");

        var number = GrainFactory.GetGrain<IInboundNumberGrain>(IInboundNumberGrain.KeyFor(config.GroupPhone));
        var route = new InboundRoute(TenantId, Owner);
        if (await number.GetRouteAsync() is { } existing && existing != route) return OprResult.Failed(OprReasons.GroupPhoneInUse);
        try
        {
            await number.ClaimAsync(route);
        }
        catch (InvalidOperationException)
        {
            return OprResult.Failed(OprReasons.GroupPhoneInUse);
        }
        var previous = S.Config?.GroupPhone;
        S.Config = config;
        await store.WriteStateAsync();
        if (previous is not null && previous != config.GroupPhone)
            await GrainFactory.GetGrain<IInboundNumberGrain>(IInboundNumberGrain.KeyFor(previous)).ReleaseAsync(TenantId);
        log.LogInformation("Seat group {SeatGroupNo} of tenant {TenantId} answers {GroupPhone}", SeatGroupNo, TenantId, config.GroupPhone);
        return OprResult.Success();
    }

    public Task<SeatGroupConfig?> GetConfigAsync() => Task.FromResult(S.Config);

    public async Task<IReadOnlyList<OfferedCall>> SeatLoggedInAsync(string seatId)
    {
        if (!S.LoggedInSeats.Contains(seatId))
        {
            S.LoggedInSeats.Add(seatId);
            await store.WriteStateAsync();
        }
        return OfferedNow();
    }

    public async Task SeatLoggedOutAsync(string seatId)
    {
        if (S.LoggedInSeats.Remove(seatId)) await store.WriteStateAsync();
    }

    public async Task<OfferedCall?> ClaimCallAsync(CallClaim claim)
    {
        var offer = claim.UserId is null ? S.Offered.FirstOrDefault() : S.Offered.FirstOrDefault(o => o.Call.UserId == claim.UserId);
        if (offer is null) return null;
        S.Offered.Remove(offer);
        bool handedOver;
        try
        {
            // From here on the leg's events go to the seat.
            await telephony.SetVariablesAsync(offer.Call.UserId, claim.Variables);
            handedOver = true;
        }
        catch (SwitchCommandException)
        {
            handedOver = false; // the caller is gone; the hang-up event is on its way
        }
        await store.WriteStateAsync();
        await BroadcastAsync();
        if (!handedOver) return null;
        log.LogInformation("Call {UserId} of group {SeatGroupNo} picked up by seat {SeatId}", offer.Call.UserId, SeatGroupNo, claim.SeatId);
        return offer.Call;
    }

    public async Task AcceptOverflowAsync(OfferedCall call)
    {
        // The leg's hang-up may have overtaken the overflow (it comes from the switch, this from the other group).
        if (_ended.Remove(call.UserId) || S.Offered.Any(o => o.Call.UserId == call.UserId)) return;
        await OfferAsync(call);
    }

    public async Task OnSwitchEventAsync(SwitchEvent switchEvent)
    {
        switch (switchEvent)
        {
            case LegCreated { Direction: LegDirection.Inbound } created:
                if (S.Offered.Any(o => o.Call.UserId == created.LegId)) return;
                log.LogInformation("Call from {Caller} to group {SeatGroupNo} offered", created.CallerIdNumber, SeatGroupNo);
                await OfferAsync(new OfferedCall(created.LegId, created.CallerIdNumber, created.Timestamp));
                break;
            case LegHungUp:
                var offer = S.Offered.FirstOrDefault(o => o.Call.UserId == switchEvent.LegId);
                if (offer is null)
                {
                    _ended.Add(switchEvent.LegId);
                    if (_ended.Count > 256) _ended.Clear();
                    return;
                }
                S.Offered.Remove(offer);
                await store.WriteStateAsync();
                await BroadcastAsync();
                await ScheduleTimeoutAsync();
                break;
        }
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != TimeoutReminder) return;
        await OverflowExpiredAsync();
    }

    /// <summary>Offers past their deadline overflow. Run by the reminder and when the group activates: Orleans does not
    /// deliver a reminder tick missed while the silo was down, so a deadline that passed then is caught up here (or at the
    /// reminder's next tick, at most <see cref="TimeoutRecheck"/> later).</summary>
    private async Task OverflowExpiredAsync()
    {
        var now = clock.GetUtcNow();
        var expired = S.Offered.Where(o => o.Deadline is { } due && due <= now).ToList();
        if (expired.Count > 0)
        {
            foreach (var offer in expired) S.Offered.Remove(offer);
            await store.WriteStateAsync();
            foreach (var offer in expired) await OverflowAsync(offer.Call);
            await BroadcastAsync();
        }
        await ScheduleTimeoutAsync();
    }

    /// <summary>After a restart: calls that ended while we were down are withdrawn, and inbound legs that reached us but
    /// were never recorded are offered.</summary>
    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (S.Config is null) return;
        IReadOnlyList<LiveLeg> legs;
        try
        {
            legs = await telephony.ListLegsAsync(cancellationToken);
        }
        catch (Exception e) when (e is SwitchCommandException or OperationCanceledException or TimeoutException)
        {
            log.LogWarning(e, "Seat group {SeatGroupNo}: could not list the switch's legs", SeatGroupNo);
            return;
        }
        var mine = legs.Where(l => l.Direction == LegDirection.Inbound && l.AnsweredAt is null
                                   && l.Variables.TryGetValue(ChannelVariables.Owner, out var owner) && owner == this.GetPrimaryKeyString())
            .ToDictionary(l => l.LegId, StringComparer.Ordinal);
        var changed = S.Offered.RemoveAll(o => !mine.ContainsKey(o.Call.UserId)) > 0;
        foreach (var leg in mine.Values.Where(l => S.Offered.All(o => o.Call.UserId != l.LegId)))
        {
            S.Offered.Add(new OfferRecord { Call = new OfferedCall(leg.LegId, leg.CallerIdNumber, leg.CreatedAt), Deadline = DeadlineFrom(leg.CreatedAt) });
            changed = true;
        }
        if (changed)
        {
            await store.WriteStateAsync();
            await BroadcastAsync();
        }
        // Overflows what expired while we were down and schedules the next deadline.
        if (changed || S.Offered.Any(o => o.Deadline is { } due && due <= clock.GetUtcNow())) await OverflowExpiredAsync();
    }

    private async Task OfferAsync(OfferedCall call)
    {
        // In arrival order, so "the longest waiting" stays first also when overflows (one-way, unordered) come in late.
        var at = S.Offered.FindLastIndex(o => o.Call.CallTime <= call.CallTime) + 1;
        S.Offered.Insert(at, new OfferRecord { Call = call, Deadline = DeadlineFrom(clock.GetUtcNow()) });
        await store.WriteStateAsync();
        await BroadcastAsync();
        await ScheduleTimeoutAsync();
    }

    private DateTimeOffset? DeadlineFrom(DateTimeOffset start)
    {
        TimeSpan? timeout = S.Config?.OfferTimeoutSeconds is int seconds && seconds > 0 ? TimeSpan.FromSeconds(seconds) : options.Value.OfferTimeout;
        return timeout is { } t ? start + t : null;
    }

    /// <summary>The reminder's period after its due time: how late an overflow can be after a restart that missed it.</summary>
    private static readonly TimeSpan TimeoutRecheck = TimeSpan.FromSeconds(10);

    /// <summary>The next overflow is a durable reminder, so a call offered before a restart still overflows after it.</summary>
    private async Task ScheduleTimeoutAsync()
    {
        var next = S.Offered.Where(o => o.Deadline is not null).Select(o => o.Deadline!.Value).DefaultIfEmpty().Min();
        if (next == default)
        {
            if (await this.GetReminder(TimeoutReminder) is { } reminder) await this.UnregisterReminder(reminder);
            return;
        }
        var due = next - clock.GetUtcNow();
        await this.RegisterOrUpdateReminder(TimeoutReminder, due > TimeSpan.Zero ? due : TimeSpan.Zero, TimeoutRecheck);
    }

    /// <summary>A call nobody picked up in time: to the overflow group, else to the overflow number, else released.</summary>
    private async Task OverflowAsync(OfferedCall call)
    {
        var config = S.Config!;
        try
        {
            if (config.OverflowGroupNo is { } groupNo)
            {
                var target = new LegOwner(OprLegOwnerKinds.SeatGroup, OprKeys.SeatGroup(TenantId, groupNo));
                await telephony.SetVariablesAsync(call.UserId, target.ToVariables(TenantId));
                await GrainFactory.GetGrain<ISeatGroupGrain>(target.Key).AcceptOverflowAsync(call);
            }
            else if (config.OverflowPhone is { } phone)
            {
                var domain = (await GrainFactory.GetGrain<ITenantGrain>(TenantId).GetProfileAsync())?.SipDomain;
                Endpoint destination = domain is not null && await GrainFactory.GetGrain<IExtensionGrain>(IExtensionGrain.KeyFor(TenantId, phone)).GetAsync() is not null
                    ? new ExtensionEndpoint(phone, domain)
                    : new PstnEndpoint(phone, options.Value.PstnGateway, options.Value.DialPrefix);
                await telephony.TransferAsync(call.UserId, destination);
            }
            else
            {
                await telephony.HangupAsync(call.UserId, HangupCauses.NoAnswer);
            }
            log.LogInformation("Call {UserId} of group {SeatGroupNo} was not picked up in time and overflowed", call.UserId, SeatGroupNo);
        }
        catch (SwitchCommandException e)
        {
            log.LogDebug("Overflow of call {UserId} failed: {Reason}", call.UserId, e.Reason);
        }
    }

    private IReadOnlyList<OfferedCall> OfferedNow() => S.Offered.Select(o => o.Call).ToList();

    private async Task BroadcastAsync()
    {
        var push = new CallsOffered(SeatGroupNo, OfferedNow());
        foreach (var seatId in S.LoggedInSeats)
        {
            await GrainFactory.GetGrain<ISeatPushOutboxGrain>(OprKeys.Outbox(TenantId, seatId)).AppendAsync(push);
        }
    }
}
