using CallCenter.Calls;
using CallCenter.Grains.Management.Events;
using CallCenter.Grains.Telemetry;
using CallCenter.Management;
using CallCenter.Management.Agents;
using CallCenter.Management.CallLogs;
using CallCenter.Management.Calls;
using CallCenter.Management.Events;
using CallCenter.Management.Gateways;
using CallCenter.Recordings;
using CallCenter.Telephony;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CallCenter.Grains.Management.Calls;

/// <summary>
/// An agent-first call: the agent's phone rings, and once the agent answers the other party is dialled (through a
/// reserved gateway channel, or to another extension for a manager's call) and bridged in; the conversation is recorded;
/// when every leg is gone the channel is released and the call's one call-log row is written. A durable watchdog
/// reminder guards the gap between the end of the call and the write of its row.
/// </summary>
[GrainType("mgmt-agent-call")]
public sealed class AgentCallGrain(
    [PersistentState("call")] IPersistentState<AgentCallGrainState> state,
    ISwitch telephony,
    ICallLogStore callLogs,
    IOptions<ManagementGrainOptions> options,
    TimeProvider clock,
    ILogger<AgentCallGrain> log) : Grain, IAgentCallGrain, IRemindable
{
    private const string WatchdogReminder = "call-watchdog";
    private const string AgentSide = "agent", CustomerSide = "customer";
    private IDisposable? _recordingWait;

    private AgentCallGrainState S => state.State;

    private string? _tenantId, _callId;

    private string TenantId => _tenantId ??= ManagementKeys.TenantOf(this.GetPrimaryKeyString());

    private string CallId => _callId ??= ManagementKeys.AgentCallId(this.GetPrimaryKeyString());

    private LegOwner Self => new(IAgentCallGrain.OwnerKind, this.GetPrimaryKeyString());

    public async Task<ManagementResult> StartAsync(AgentCallPlan plan)
    {
        if (S.Plan is not null) return S.Plan.CallId == plan.CallId ? ManagementResult.Success : ManagementResult.Fail(ManagementError.CallStateInvalid);
        if (plan.CallId != CallId) return ManagementResult.Fail(ManagementError.InvalidArgument, "call id does not match the grain");

        GatewayReservation? gateway = null;
        if (plan.Kind == AgentCallKind.ManagerToAgent)
        {
            // The called agent is reserved like for any offered call, but need not be available: it is their manager.
            var offer = await Agent(plan.TelNo).OfferCallAsync(new AgentOffer(CallId, AgentCallKind.ManagerToAgent, Self, plan.Username, plan.CallTaskCode, RequireIdle: false));
            if (!offer.Accepted) return ManagementResult.Fail(offer.Reason, $"agent {plan.TelNo} cannot take the call");
        }
        else
        {
            gateway = await ReserveGatewayAsync(plan);
            if (gateway is null) return ManagementResult.Fail(ManagementError.NoGatewayAvailable, "no gateway has a free channel for the number");
        }

        var now = clock.GetUtcNow();
        var agentLeg = Guid.NewGuid().ToString();
        state.State = new AgentCallGrainState
        {
            Plan = plan,
            StartedAt = now,
            CurrentAgent = plan.Username,
            AgentLegId = agentLeg,
            Gateway = gateway,
            AttachedAgents = plan.Kind == AgentCallKind.ManagerToAgent ? [plan.Username, plan.TelNo] : [plan.Username],
        };
        S.Legs[agentLeg] = new CallLeg { Role = CallLegRole.Agent, Username = plan.Username, CreatedAt = now };
        // Persist before anything rings, so the first switch event finds the call; the watchdog makes sure the call log
        // is written even if this process dies before the call ends.
        await state.WriteStateAsync();
        CallMetrics.CallStarted(plan.Kind);
        await this.RegisterOrUpdateReminder(WatchdogReminder, options.Value.CallWatchdogPeriod, options.Value.CallWatchdogPeriod);
        try
        {
            // The agent's phone shows the number it is about to call.
            await telephony.OriginateAsync(new OriginateRequest(agentLeg, CallId, new ExtensionEndpoint(plan.Username, plan.SipDomain), plan.TelNo,
                RingTimeout: options.Value.AgentRingTimeout, Variables: Variables("agent")));
        }
        catch (SwitchCommandException e)
        {
            log.LogWarning(e, "Call {CallId}: the agent's leg could not be placed", CallId);
            S.Legs[agentLeg].HungUp = true;
            S.Legs[agentLeg].Cause = HangupCauses.DestinationOutOfOrder;
            S.AttachedAgents.Remove(plan.Username);
            await FinishAsync();
            return ManagementResult.Fail(ManagementError.CallStateInvalid, "the switch refused the call");
        }
        log.LogInformation("Call {CallId}: agent {Username} calls {TelNo} ({Kind})", CallId, plan.Username, plan.TelNo, plan.Kind);
        return ManagementResult.Success;
    }

    public Task<AgentCallInfo?> GetAsync()
    {
        if (S.Plan is not { } plan) return Task.FromResult<AgentCallInfo?>(null);
        return Task.FromResult<AgentCallInfo?>(new AgentCallInfo(TenantId, CallId, plan.Kind, S.State, S.CurrentAgent, plan.TelNo, plan.ProjectCode,
            plan.CallTaskCode, S.AgentLegId, S.CustomerLegId, S.Gateway?.GwCode, S.StartedAt, S.ConnectedAt));
    }

    public async Task<ManagementResult> HangupAsync(string username, bool satisfactionSurvey)
    {
        if (S.Plan is not { } plan) return ManagementResult.Fail(ManagementError.CallNotFound);
        if (S.State is AgentCallState.Ended or AgentCallState.Survey) return ManagementResult.Success;
        // The called agent of a manager's call hangs up their own leg, the other side of the call.
        if (plan.Kind == AgentCallKind.ManagerToAgent && username == plan.TelNo)
        {
            await HangupLegAsync(S.CustomerLegId);
            if (S.State != AgentCallState.Connected) await HangupLegAsync(S.AgentLegId);
            return ManagementResult.Success;
        }
        if (username != S.CurrentAgent) return ManagementResult.Fail(ManagementError.CallNotFound);

        if (S.State == AgentCallState.Connected && satisfactionSurvey && plan.Kind != AgentCallKind.ManagerToAgent && S.CustomerLegId is { } customer)
        {
            // The customer stays on to rate the call: out of the bridge first, so the agent's hang-up does not take the
            // customer with it.
            S.State = AgentCallState.Survey;
            S.FirstToHangUp = AgentSide;
            await state.WriteStateAsync();
            await telephony.ParkAsync(customer);
            await HangupLegAsync(S.AgentLegId);
            await telephony.CollectDigitsAsync(customer, new DigitCollection(options.Value.SatisfactionPrompt, 1, 1, options.Value.SatisfactionTimeout, "#", 1, null, "[123]"));
            return ManagementResult.Success;
        }
        if (S.State == AgentCallState.Connected) S.FirstToHangUp ??= AgentSide;
        await state.WriteStateAsync();
        await HangupLegAsync(S.AgentLegId);
        if (S.State != AgentCallState.Connected) await HangupLegAsync(S.CustomerLegId);
        return ManagementResult.Success;
    }

    public async Task<ManagementResult> TransferAsync(string fromUsername, string toUsername)
    {
        if (S.Plan is not { } plan) return ManagementResult.Fail(ManagementError.CallNotFound);
        if (fromUsername != S.CurrentAgent) return ManagementResult.Fail(ManagementError.CallNotFound);
        if (S.State != AgentCallState.Connected || S.Transfer is not null || plan.Kind == AgentCallKind.ManagerToAgent)
            return ManagementResult.Fail(ManagementError.CallStateInvalid, "only a connected customer call can be transferred, one transfer at a time");

        var target = Agent(toUsername);
        var offer = await target.OfferCallAsync(new AgentOffer(CallId, AgentCallKind.Transfer, Self, plan.TelNo, plan.CallTaskCode, RequireIdle: true, FromUsername: fromUsername));
        if (!offer.Accepted) return ManagementResult.Fail(offer.Reason, $"agent {toUsername} cannot take the call");

        var leg = Guid.NewGuid().ToString();
        S.Transfer = new PendingTransfer(fromUsername, toUsername, leg);
        S.Legs[leg] = new CallLeg { Role = CallLegRole.TransferTarget, Username = toUsername, CreatedAt = clock.GetUtcNow() };
        S.AttachedAgents.Add(toUsername);
        await state.WriteStateAsync();
        await target.OnCallProgressAsync(Progress(AgentCallPhase.Launched));
        try
        {
            await telephony.OriginateAsync(new OriginateRequest(leg, CallId, new ExtensionEndpoint(toUsername, plan.SipDomain), plan.TelNo,
                RingTimeout: options.Value.AgentRingTimeout, Variables: Variables("agent")));
        }
        catch (SwitchCommandException e)
        {
            log.LogWarning(e, "Call {CallId}: transfer leg to {Username} could not be placed", CallId, toUsername);
            await EndTransferAsync(failed: true);
            return ManagementResult.Fail(ManagementError.CallStateInvalid, "the switch refused the transfer");
        }
        log.LogInformation("Call {CallId}: transfer from {From} to {To}", CallId, fromUsername, toUsername);
        return ManagementResult.Success;
    }

    public async Task<ManagementResult> PlayAsync(string username, string blobKey, bool stop)
    {
        if (S.Plan is null || username != S.CurrentAgent) return ManagementResult.Fail(ManagementError.CallNotFound);
        if (S.State != AgentCallState.Connected || S.CustomerLegId is not { } customer) return ManagementResult.Fail(ManagementError.CallStateInvalid, "the call is not connected");
        try
        {
            // Mixed under the conversation (uuid_displace) so the agent keeps talking over it.
            if (stop) await telephony.StopPlaybackAsync(customer);
            else await telephony.PlayAsync(customer, blobKey, mixed: true);
        }
        catch (SwitchCommandException e)
        {
            log.LogInformation(e, "Call {CallId}: play/stop refused by the switch", CallId);
            return ManagementResult.Fail(ManagementError.CallStateInvalid, "the switch refused it");
        }
        return ManagementResult.Success;
    }

    public async Task OnSwitchEventAsync(SwitchEvent e)
    {
        if (S.Plan is null || !S.Legs.TryGetValue(e.LegId, out var leg)) return;
        switch (e)
        {
            case LegAnswered:
                leg.Answered = true;
                await OnAnsweredAsync(e.LegId, leg);
                break;
            case LegHungUp hungUp:
                leg.HungUp = true;
                leg.Cause = hungUp.Cause;
                leg.BillSeconds = hungUp.BillSeconds;
                await OnHungUpAsync(e.LegId, leg);
                break;
            case RecordingFinished recording when recording.BlobKey == S.RecordingKey:
                S.RecordingClosed = true;
                await state.WriteStateAsync();
                if (S.State == AgentCallState.Ended && !S.Logged) await FinishAsync();
                break;
            case DigitsCollected digits when e.LegId == S.CustomerLegId && S.State == AgentCallState.Survey:
                if (digits.Valid && digits.Digits.Length == 1 && digits.Digits[0] is >= '1' and <= '3') S.Evaluation = digits.Digits[0] - '0';
                await state.WriteStateAsync();
                await HangupLegAsync(S.CustomerLegId);
                break;
        }
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != WatchdogReminder) return;
        if (S.Plan is null || S.Logged)
        {
            await StopWatchdogAsync();
            return;
        }
        if (S.State == AgentCallState.Ended)
        {
            await FinishAsync();
            return;
        }
        // A call that should long be over: ask the switch whether its legs still exist (events may have been lost to a
        // restart of this process); legs the switch no longer has are treated as hung up.
        if (clock.GetUtcNow() - S.StartedAt < options.Value.MaxCallDuration / 8) return;
        var live = (await telephony.ListLegsAsync()).Select(l => l.LegId).ToHashSet(StringComparer.Ordinal);
        foreach (var (id, leg) in S.Legs.Where(l => !l.Value.HungUp && !live.Contains(l.Key)).ToList())
        {
            log.LogWarning("Call {CallId}: leg {LegId} vanished from the switch; treating it as hung up", CallId, id);
            leg.HungUp = true;
            leg.Cause ??= HangupCauses.NormalTemporaryFailure;
            await OnHungUpAsync(id, leg);
        }
    }

    private async Task OnAnsweredAsync(string legId, CallLeg leg)
    {
        var plan = S.Plan!;
        if (leg.Role == CallLegRole.Agent && S.State == AgentCallState.RingingAgent)
        {
            S.State = AgentCallState.RingingCustomer;
            var customer = Guid.NewGuid().ToString();
            S.CustomerLegId = customer;
            S.Legs[customer] = new CallLeg
            {
                Role = CallLegRole.Customer,
                Username = plan.Kind == AgentCallKind.ManagerToAgent ? plan.TelNo : null,
                CreatedAt = clock.GetUtcNow(),
            };
            await state.WriteStateAsync();
            Endpoint destination = plan.Kind == AgentCallKind.ManagerToAgent
                ? new ExtensionEndpoint(plan.TelNo, plan.SipDomain)
                : new PstnEndpoint(plan.TelNo, S.Gateway!.SwitchName, S.Gateway.DialPrefix);
            var callerId = plan.Kind == AgentCallKind.ManagerToAgent ? plan.Username : S.Gateway!.CallerIdNumber ?? plan.Username;
            if (plan.Kind == AgentCallKind.ManagerToAgent) await Agent(plan.TelNo).OnCallProgressAsync(Progress(AgentCallPhase.Launched));
            try
            {
                await telephony.OriginateAsync(new OriginateRequest(customer, CallId, destination, callerId,
                    RingTimeout: options.Value.CustomerRingTimeout, Variables: Variables("customer")));
            }
            catch (SwitchCommandException e)
            {
                log.LogWarning(e, "Call {CallId}: the other party's leg could not be placed", CallId);
                S.Legs[customer].HungUp = true;
                S.Legs[customer].Cause = HangupCauses.NormalTemporaryFailure;
                await HangupLegAsync(S.AgentLegId);
            }
            return;
        }

        if (leg.Role == CallLegRole.Customer && S.State == AgentCallState.RingingCustomer && S.AgentLegId is { } agentLeg)
        {
            if (!await TryBridgeAsync(agentLeg, legId))
            {
                // The agent's leg went in the meantime: its hang-up is on its way and ends the call.
                await state.WriteStateAsync();
                await HangupLegAsync(legId);
                return;
            }
            S.State = AgentCallState.Connected;
            S.ConnectedAt = clock.GetUtcNow();
            if (options.Value.RecordCalls && plan.Kind != AgentCallKind.ManagerToAgent)
                S.RecordingKey = RecordingKeys.Recording(TenantId, S.ConnectedAt.Value, options.Value.LocalTimeOffset, CallId);
            await state.WriteStateAsync();
            if (S.RecordingKey is { } key)
            {
                try
                {
                    // The customer's leg carries the conversation through transfers, so the recording follows it.
                    await telephony.StartRecordingAsync(legId, key);
                }
                catch (SwitchCommandException e)
                {
                    log.LogWarning(e, "Call {CallId}: recording could not be started", CallId);
                    S.RecordingKey = null;
                    await state.WriteStateAsync();
                }
            }
            foreach (var agent in S.AttachedAgents) await Agent(agent).OnCallProgressAsync(Progress(AgentCallPhase.Connected));
            return;
        }

        if (leg.Role == CallLegRole.TransferTarget && S.Transfer is { } transfer && transfer.LegId == legId && S.State == AgentCallState.Connected && S.CustomerLegId is { } customerLeg)
        {
            // The new agent answered: the customer moves to them and the handing-over agent's phone is released.
            if (!await TryBridgeAsync(customerLeg, legId))
            {
                await EndTransferAsync(failed: true);
                return;
            }
            var previousLeg = S.AgentLegId;
            if (previousLeg is not null) S.Legs[previousLeg].Role = CallLegRole.Released;
            leg.Role = CallLegRole.Agent;
            S.AgentLegId = legId;
            S.CurrentAgent = transfer.ToUsername;
            S.Transfer = null;
            S.AttachedAgents.Remove(transfer.FromUsername);
            await state.WriteStateAsync();
            await Agent(transfer.FromUsername).OnCallProgressAsync(Progress(AgentCallPhase.Ended));
            await Agent(transfer.ToUsername).OnCallProgressAsync(Progress(AgentCallPhase.Connected));
            await HangupLegAsync(previousLeg);
            return;
        }

        await state.WriteStateAsync();
    }

    private async Task OnHungUpAsync(string legId, CallLeg leg)
    {
        switch (leg.Role)
        {
            case CallLegRole.TransferTarget:
                await EndTransferAsync(failed: true);
                break;

            case CallLegRole.Agent:
                if (S.State == AgentCallState.Connected) S.FirstToHangUp ??= AgentSide;
                await state.WriteStateAsync();
                if (leg.Username is { } agent && S.AttachedAgents.Remove(agent))
                {
                    await state.WriteStateAsync();
                    await Agent(agent).OnCallProgressAsync(Progress(AgentCallPhase.Ended));
                }
                // In the survey the customer stays; otherwise the other side goes too (a no-op if the switch already
                // took it with the bridge).
                if (S.State != AgentCallState.Survey)
                {
                    await HangupLegAsync(S.CustomerLegId);
                    if (S.Transfer is not null) await HangupLegAsync(S.Transfer.LegId);
                }
                break;

            case CallLegRole.Customer:
                if (S.State == AgentCallState.Connected) S.FirstToHangUp ??= CustomerSide;
                await state.WriteStateAsync();
                if (leg.Username is { } called && S.AttachedAgents.Remove(called))
                {
                    await state.WriteStateAsync();
                    await Agent(called).OnCallProgressAsync(Progress(AgentCallPhase.Ended));
                }
                if (S.State != AgentCallState.Survey)
                {
                    await HangupLegAsync(S.AgentLegId);
                    if (S.Transfer is not null) await HangupLegAsync(S.Transfer.LegId);
                }
                break;

            default:
                await state.WriteStateAsync();
                break;
        }

        if (S.State != AgentCallState.Ended && S.Legs.Values.All(l => l.HungUp))
        {
            S.State = AgentCallState.Ended;
            S.EndedAt = clock.GetUtcNow();
            await state.WriteStateAsync();
            await FinishAsync();
        }
    }

    private async Task EndTransferAsync(bool failed)
    {
        if (S.Transfer is not { } transfer) return;
        S.Transfer = null;
        if (S.Legs.TryGetValue(transfer.LegId, out var leg)) leg.Role = CallLegRole.Released;
        var wasAttached = S.AttachedAgents.Remove(transfer.ToUsername);
        await state.WriteStateAsync();
        if (wasAttached) await Agent(transfer.ToUsername).OnCallProgressAsync(Progress(AgentCallPhase.Ended));
        if (failed)
        {
            await HangupLegAsync(transfer.LegId);
            await GrainFactory.PublishAsync(new AgentMessage(TenantId, clock.GetUtcNow(), transfer.FromUsername, S.Plan!.ProjectCode, AgentMessageKind.CallFailed,
                null, ManagementError.AgentNotRegistered));
        }
    }

    /// <summary>Releases what the call held and writes its call log, once every leg is gone (and the recording is closed,
    /// or has had its time).</summary>
    private async Task FinishAsync()
    {
        if (S.Logged) return;
        S.State = AgentCallState.Ended;
        S.EndedAt ??= clock.GetUtcNow();
        if (S.RecordingKey is not null && !S.RecordingClosed && _recordingWait is null && clock.GetUtcNow() - S.EndedAt.Value < options.Value.RecordingWait)
        {
            await state.WriteStateAsync();
            _recordingWait = this.RegisterGrainTimer(() => FinishAsync(), options.Value.RecordingWait, Timeout.InfiniteTimeSpan);
            return;
        }
        _recordingWait?.Dispose();
        _recordingWait = null;

        // Any agent still attached (a failed start, a lost event) is released now, so nobody stays reserved forever.
        foreach (var agent in S.AttachedAgents.ToList()) await Agent(agent).OnCallProgressAsync(Progress(AgentCallPhase.Ended));
        S.AttachedAgents.Clear();

        var record = BuildRecord();
        if (!await CallCloseOut.ReleaseAndLogAsync(GrainFactory, callLogs, record, S.Gateway?.GwCode, log))
        {
            await state.WriteStateAsync();
            return;
        }
        S.Logged = true;
        await state.WriteStateAsync();
        await StopWatchdogAsync();
        if (record.CallTaskCode is { } task && CallCenter.Dialer.IDialTaskGrain.IsValidCode(task))
        {
            // Task calls placed by agents (agent-first schedule, preview) are counted by their task once logged.
            var customer = S.CustomerLegId is { } c ? S.Legs.GetValueOrDefault(c) : null;
            var talk = S.ConnectedAt is { } at ? (record.EndTime - at).TotalSeconds : 0;
            await GrainFactory.GetGrain<CallCenter.Dialer.IDialTaskGrain>(CallCenter.Dialer.DialerKeys.Task(TenantId, task))
                .OnCallFinishedAsync(new CallCenter.Dialer.DialCallOutcome(CallId, record.DestinationNumber, record.Result, record.ResultDetail,
                    customer?.Answered == true, false, record.CallerIdNumber, 0, talk, 0, Preview: record.Kind == AgentCallKind.Preview));
        }
        log.LogInformation("Call {CallId} ended: result {Result}/{Detail}, billsec {BillSec}", CallId, record.Result, record.ResultDetail, record.BillSeconds);
    }

    private CallLogRecord BuildRecord()
    {
        var plan = S.Plan!;
        var customer = S.CustomerLegId is { } c ? S.Legs.GetValueOrDefault(c) : null;
        var firstAgentLeg = S.Legs.Values.Where(l => l.Username == plan.Username && l.Role is CallLegRole.Agent or CallLegRole.Released).FirstOrDefault();
        (int Result, int Detail) outcome =
            S.ConnectedAt is not null ? CallResultClassifier.Connected(S.FirstToHangUp != CustomerSide)
            : customer is null ? CallResultClassifier.AgentNotReached(firstAgentLeg?.Cause)
            : customer.Answered ? CallResultClassifier.CustomerNotReached(null)
            : CallResultClassifier.CustomerNotReached(customer.Cause);
        var billSeconds = customer is { Answered: true } ? customer.BillSeconds : 0;
        var end = S.EndedAt ?? clock.GetUtcNow();
        var priceRule = S.Gateway?.PriceRule;
        return new CallLogRecord(
            TenantId, CallId, plan.Kind, plan.ProjectCode, plan.CallTaskCode,
            CallerIdNumber: plan.Username,
            DestinationNumber: plan.TelNo,
            RecordingBlobKey: S.ConnectedAt is not null ? S.RecordingKey : null,
            StartTime: S.StartedAt,
            EndTime: end,
            DurationSeconds: (int)Math.Max(0, Math.Round((end - S.StartedAt).TotalSeconds)),
            BillSeconds: billSeconds,
            PriceRule: priceRule,
            PriceCal: PriceRules.Calculate(priceRule, billSeconds),
            Result: outcome.Result,
            ResultDetail: outcome.Detail,
            Evaluation: S.Evaluation,
            HangupCause: customer?.Cause ?? firstAgentLeg?.Cause,
            GatewayCode: S.Gateway?.GwCode);
    }

    private async Task<GatewayReservation?> ReserveGatewayAsync(AgentCallPlan plan)
    {
        var codes = plan.GatewayCodes ?? await GrainFactory.GetGrain<IGatewayDirectoryGrain>(IGatewayDirectoryGrain.KeyFor(TenantId)).EnabledCodesAsync();
        foreach (var code in codes)
        {
            var reserved = await GrainFactory.GetGrain<IGatewayGrain>(IGatewayGrain.KeyFor(TenantId, code)).TryReserveAsync(new GatewayReservationRequest(CallId, plan.TelNo));
            if (reserved.Ok) return reserved.Value;
        }
        return null;
    }

    private async Task<bool> TryBridgeAsync(string legId, string otherLegId)
    {
        try
        {
            await telephony.BridgeAsync(legId, otherLegId);
            return true;
        }
        catch (SwitchCommandException e)
        {
            log.LogInformation(e, "Call {CallId}: legs could not be bridged (one is gone)", CallId);
            return false;
        }
    }

    private async Task HangupLegAsync(string? legId)
    {
        if (legId is null || !S.Legs.TryGetValue(legId, out var leg) || leg.HungUp) return;
        try
        {
            await telephony.HangupAsync(legId);
        }
        catch (SwitchCommandException)
        {
            // Already gone: its LegHungUp is on its way (or was lost, which the watchdog handles).
        }
    }

    private async Task StopWatchdogAsync()
    {
        if (await this.GetReminder(WatchdogReminder) is { } reminder) await this.UnregisterReminder(reminder);
    }

    private Dictionary<string, string> Variables(string role)
    {
        var variables = Self.ToVariables(TenantId, CallId);
        variables[ChannelVariables.Role] = role;
        if (S.Plan?.ProjectCode is { } project) variables[ChannelVariables.Project] = project;
        if (S.Plan?.CallTaskCode is { } task) variables[ChannelVariables.Task] = task;
        return variables;
    }

    private AgentCallProgress Progress(AgentCallPhase phase)
        => new(CallId, phase, S.Plan!.Kind, S.Plan.TelNo, S.Plan.CallTaskCode, clock.GetUtcNow());

    private IAgentGrain Agent(string username) => GrainFactory.GetGrain<IAgentGrain>(IAgentGrain.KeyFor(TenantId, username));
}
