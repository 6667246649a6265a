using CallCenter.Calls;
using CallCenter.Extensions;
using CallCenter.Opr;
using CallCenter.Opr.Pushes;
using CallCenter.Telephony;
using CallCenter.Tenancy;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CallCenter.Grains.Opr;

/// <summary>
/// One operator seat: configuration, login, the operator's handset and the 14 boards (docs/opr-boards.md). Every operation
/// validates against the board state machine (<see cref="BoardRules"/>), changes the state, tells the switch what the new
/// state means for each leg (<see cref="ApplyMediaAsync"/>), persists, and only then answers and pushes boardStateChange.
/// Party and handset states change only on switch events.
/// </summary>
/// <remarks>Calls to other seats are one-way (transfers, operator talk), so two seats never wait on each other.</remarks>
[GrainType("opr-seat")]
public sealed partial class SeatGrain(
    [PersistentState("seat")] IPersistentState<SeatState> store,
    ISwitch telephony,
    TimeProvider clock,
    IOptions<OprOptions> options,
    ILogger<SeatGrain> log) : Grain, ISeatGrain
{
    private readonly OprOptions _options = options.Value;

    // Legs whose hang-up this seat saw while it did not own them (yet): a transfer or overflow that arrives for one of them
    // after its hang-up must not put a dead party on a board. Bounded; in memory only.
    private readonly HashSet<string> _endedLegs = new(StringComparer.Ordinal);
    private readonly Queue<string> _endedOrder = new();

    // Number states seen this turn, reported to the VIP grains (one-way) once the turn's state is persisted.
    private readonly List<UserStateReport> _userStates = [];

    private SeatState S => store.State;

    private string TenantId => TenantIds.Split(this.GetPrimaryKeyString()).TenantId;

    private string SeatId => OprKeys.LocalId(this.GetPrimaryKeyString());

    private LegOwner Owner => new(OprLegOwnerKinds.Seat, this.GetPrimaryKeyString());

    private ISeatPushOutboxGrain Outbox => GrainFactory.GetGrain<ISeatPushOutboxGrain>(OprKeys.Outbox(TenantId, SeatId));

    private IOprDirectoryGrain Directory => GrainFactory.GetGrain<IOprDirectoryGrain>(OprKeys.Directory(TenantId));

    private ISeatGroupGrain? Group => S.SeatGroupNo is { } no ? GrainFactory.GetGrain<ISeatGroupGrain>(OprKeys.SeatGroup(TenantId, no)) : null;

    private ISeatGrain Seat(string seatId) => GrainFactory.GetGrain<ISeatGrain>(OprKeys.Seat(TenantId, seatId));

    private IExtensionGrain Extension(string number) => GrainFactory.GetGrain<IExtensionGrain>(IExtensionGrain.KeyFor(TenantId, number));

    private bool LoggedIn => S.OperatorId is not null;

    // ---- configuration -------------------------------------------------------------------------------------------

    public async Task<OprResult> RegisterAsync(SeatRegistration registration)
    {
        if (registration.SeatId != SeatId) throw new ArgumentException($"registration for seat {registration.SeatId} sent to seat {SeatId}");
        var group = await GrainFactory.GetGrain<ISeatGroupGrain>(OprKeys.SeatGroup(TenantId, registration.SeatGroupNo)).GetConfigAsync();
        if (group is null) return OprResult.Failed(OprReasons.NoSuchGroup);
        if (LoggedIn && (S.SeatGroupNo != registration.SeatGroupNo || S.SeatPhone != registration.SeatPhone))
            return OprResult.Failed(OprReasons.SeatInUse);

        var extension = Extension(registration.SeatPhone);
        if ((await extension.GetAsync())?.AssignedTo is { } assignee && assignee != Owner) return OprResult.Failed(OprReasons.SeatPhoneInUse);
        try
        {
            await extension.ProvisionAsync(new ExtensionProvisioning(registration.Password, $"seat {SeatId}"));
        }
        catch (ArgumentException)
        {
            return OprResult.Failed("invalid_field:pwd");
        }

        var previousPhone = S.SeatPhone;
        S.Registered = true;
        S.SeatGroupNo = registration.SeatGroupNo;
        S.GroupPhone = group.GroupPhone;
        S.SeatPhone = registration.SeatPhone;
        S.CallbackUrl = registration.CallbackUrl;
        S.SipDomain ??= (await GrainFactory.GetGrain<ITenantGrain>(TenantId).GetProfileAsync())?.SipDomain;
        if (previousPhone != registration.SeatPhone) S.PhoneRegistered = null;
        await store.WriteStateAsync();

        // After the write: the extension tells us its registration state right away (one-way), which needs the new phone.
        await extension.AssignAsync(Owner);
        if (previousPhone is not null && previousPhone != registration.SeatPhone) await Extension(previousPhone).AssignAsync(null);
        log.LogInformation("Seat {SeatId} of tenant {TenantId} registered in group {SeatGroupNo} with phone {SeatPhone}",
            SeatId, TenantId, registration.SeatGroupNo, registration.SeatPhone);
        return OprResult.Success(View());
    }

    public Task<SeatInfo?> GetInfoAsync()
        => Task.FromResult(S.Registered ? new SeatInfo(SeatId, S.SeatGroupNo!, S.SeatPhone!, S.CallbackUrl, S.OperatorId) : null);

    public async Task OnExtensionRegistrationAsync(ExtensionRegistrationChanged change)
    {
        if (change.Extension != S.SeatPhone) return;
        // The extension tells us one-way, so its changes may arrive out of order: what it says now decides, not this
        // message (the extension never waits on the seat, so asking it closes no cycle).
        var registered = (await Extension(change.Extension).GetAsync())?.Registered ?? false;
        if (S.PhoneRegistered == registered) return;
        S.PhoneRegistered = registered;
        await CommitAsync(S.ActiveBoard, applyMedia: false);
    }

    // ---- login ---------------------------------------------------------------------------------------------------

    public async Task<OprResult> LoginAsync(OperatorLogin login)
    {
        if (!S.Registered) return OprResult.Failed(OprReasons.NoSuchSeat);
        var callback = CallbackFor(login);
        if (S.OperatorId is { } current)
        {
            if (current != login.OperatorId) return OprResult.Failed(OprReasons.SeatInUse);
            // The same operator again (a client restart): only the callback target may have changed.
            await Outbox.SetCallbackAsync(callback);
            return OprResult.Success(View());
        }

        // The callback first, so that the pushes waiting in the operator's mailbox go to it too. The operator grain owns
        // where the operator sits: it grants this seat before the seat opens the session (docs/opr-console.md).
        await Outbox.SetCallbackAsync(callback);
        var elsewhere = await GrainFactory.GetGrain<IOperatorGrain>(OprKeys.Operator(TenantId, login.OperatorId)).LoginAsync(SeatId);
        if (elsewhere is not null)
        {
            await Outbox.SetCallbackAsync(null);
            return OprResult.Failed(OprReasons.OperatorLoginedElsewhere);
        }

        S.OperatorId = login.OperatorId;
        S.LoggedInAt = clock.GetUtcNow();
        if (Group is { } group)
        {
            S.GroupPhone = (await group.GetConfigAsync())?.GroupPhone ?? S.GroupPhone;
        }
        await CommitAsync(S.ActiveBoard, applyMedia: true, push: false);
        await Directory.RecordLoginAsync(login.OperatorId, S.SeatGroupNo!);
        if (Group is { } g)
        {
            var offered = await g.SeatLoggedInAsync(SeatId);
            if (offered.Count > 0) await Outbox.AppendAsync(new CallsOffered(S.SeatGroupNo!, offered));
        }
        await Outbox.AppendAsync(new BoardStateChanged(SeatId, S.ActiveBoard, View()));
        log.LogInformation("Operator {OperatorId} logged in at seat {SeatId} of tenant {TenantId}", login.OperatorId, SeatId, TenantId);
        return OprResult.Success(View());
    }

    public async Task<OprResult> LogoutAsync()
    {
        if (S.OperatorId is not { } operatorId) return OprResult.Failed(OprReasons.NotLogined);
        if (S.Talk is { } talk) await EndTalkAsync(talk, byPeer: false);
        if (S.Handset.LegId is { } handset) await TryAsync("hangup handset", () => telephony.HangupAsync(handset, HangupCauses.NormalClearing));
        S.Handset = new HandsetRecord();
        S.OperatorId = null;
        S.LoggedInAt = null;
        await CommitAsync(S.ActiveBoard);

        // Released only now that the session is closed and persisted (docs/opr-console.md, "Who sits where").
        await GrainFactory.GetGrain<IOperatorGrain>(OprKeys.Operator(TenantId, operatorId)).LogoutAsync(SeatId);
        if (Group is { } group) await group.SeatLoggedOutAsync(SeatId);
        // Pushes appended so far (the logout's own boardStateChange included) still go to the old callback URL.
        await Outbox.SetCallbackAsync(null);
        log.LogInformation("Operator {OperatorId} logged out of seat {SeatId} of tenant {TenantId}", operatorId, SeatId, TenantId);
        return OprResult.Success(View());
    }

    public Task<OprResult> GetStateAsync()
        => Task.FromResult(LoggedIn ? OprResult.Success(View()) : OprResult.Failed(OprReasons.NotLogined));

    public Task<OprResult> HandShakeAsync(int? clientActiveBoard)
        => Task.FromResult(LoggedIn ? OprResult.Success(View()) : OprResult.Failed(OprReasons.NotLogined));

    public async Task<OprResult> SubscribeUserAsync(string phone)
    {
        if (S.OperatorId is not { } operatorId) return OprResult.Failed(OprReasons.NotLogined);
        await GrainFactory.GetGrain<IVipNumberGrain>(OprKeys.VipNumber(TenantId, phone)).SubscribeAsync(new VipSubscriber(SeatId, operatorId));
        return OprResult.Success(View());
    }

    /// <summary>Login's URL, else the seat's, else the one the edge derived from the client's address; "none": off.</summary>
    private string? CallbackFor(OperatorLogin login)
    {
        var url = !string.IsNullOrWhiteSpace(login.CallbackUrl) ? login.CallbackUrl
            : !string.IsNullOrWhiteSpace(S.CallbackUrl) ? S.CallbackUrl
            : login.DefaultCallbackUrl;
        return string.IsNullOrWhiteSpace(url) || url.Equals("none", StringComparison.OrdinalIgnoreCase) ? null : url;
    }

    // ---- turn completion -----------------------------------------------------------------------------------------

    /// <summary>
    /// Ends a turn that changed something: the switch is told what the new state means, the state is persisted, and then
    /// the client hears of it (boardStateChange) and subscribed operators of number state changes.
    /// </summary>
    private async Task CommitAsync(int changedBoard, bool applyMedia = true, bool push = true)
    {
        if (applyMedia) await ApplyMediaAsync();
        await store.WriteStateAsync();
        if (push) await Outbox.AppendAsync(new BoardStateChanged(SeatId, changedBoard, View()));
        var reports = _userStates.ToList();
        _userStates.Clear();
        foreach (var report in reports)
        {
            // Awaited, one after the other: Orleans keeps no order between one-way calls, and a number's states must reach
            // its subscribers in the order they happened (the VIP grain calls no seat, so this waits on no cycle).
            try
            {
                await GrainFactory.GetGrain<IVipNumberGrain>(OprKeys.VipNumber(TenantId, report.PhoneNumber)).ReportAsync(report);
            }
            catch (Exception e)
            {
                // The seat's own change is done and persisted: a number's subscribers missing it must not fail the turn.
                log.LogWarning(e, "Seat {SeatId}: the state {UserState} of {Phone} could not be reported", SeatId, report.UserState, report.PhoneNumber);
            }
        }
    }

    private void ReportUserState(PartyRecord party, string userState)
        => _userStates.Add(new UserStateReport(party.Phone, userState, clock.GetUtcNow()));

    private void RememberEnded(string legId)
    {
        if (!_endedLegs.Add(legId)) return;
        _endedOrder.Enqueue(legId);
        while (_endedOrder.Count > 256) _endedLegs.Remove(_endedOrder.Dequeue());
    }

    /// <summary>Runs a switch command whose failure only means the leg is already gone (its hang-up event follows).</summary>
    private async Task<bool> TryAsync(string what, Func<Task> command)
    {
        try
        {
            await command();
            return true;
        }
        catch (SwitchCommandException e)
        {
            log.LogDebug("Seat {SeatId}: {What} refused by the switch: {Reason}", SeatId, what, e.Reason);
            return false;
        }
    }

    private static string NewLegId() => Guid.NewGuid().ToString("N");

    private string BoardConference(int boardIndex) => $"opr-{TenantId}-{SeatId}-{boardIndex}";

    private Dictionary<string, string> LegVariables(string? callId, string role, int? boardIndex = null, BoardSide? side = null)
    {
        var variables = Owner.ToVariables(TenantId, callId);
        variables[ChannelVariables.Role] = role;
        if (boardIndex is { } board) variables[OprLegVariables.Board] = board.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (side is { } s) variables[OprLegVariables.Side] = s == BoardSide.A ? "a" : "b";
        return variables;
    }
}
