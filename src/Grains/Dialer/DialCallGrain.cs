using CallCenter.Calls;
using CallCenter.Dialer;
using CallCenter.Grains.Management.Calls;
using CallCenter.Grains.Telemetry;
using CallCenter.Management;
using CallCenter.Management.Agents;
using CallCenter.Management.CallLogs;
using CallCenter.Management.Calls;
using CallCenter.Management.Gateways;
using CallCenter.Recordings;
using CallCenter.Telephony;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CallCenter.Grains.Dialer;

/// <summary>
/// A customer-first call of a task (schedules 1, 2, 4, 5). The customer is dialled; on answer the task's voice plays
/// (2, 5); then the task assigns an agent, whose phone is rung and bridged. A customer not bridged within
/// <see cref="DialCallPlan.AbandonTimeout"/> of being ready hears the information message and is released: abandoned
/// (30/35, or 30/28 when they hang up first). When every leg is gone the gateway channel is released, the call log row
/// written, and only then the outcome reported to the task, so the task's counters can never run ahead of the logs.
/// The call never awaits its task (the task sends to it, so that would be a cycle): every report is one-way.
/// </summary>
[GrainType("dialer-call")]
public sealed class DialCallGrain(
    [PersistentState("call")] IPersistentState<DialCallState> state,
    ISwitch telephony,
    ICallLogStore callLogs,
    IOptions<DialerOptions> options,
    TimeProvider clock,
    ILogger<DialCallGrain> log) : Grain, IDialCallGrain, IRemindable
{
    private const string Watchdog = "dial-call-watchdog";
    private IGrainReminder? _watchdog;
    private IDisposable? _abandonTimer;
    private IDisposable? _recordingWait;
    private IDisposable? _reconcileTimer;

    private DialCallState S => state.State;
    private string TenantId => DialerKeys.TenantOf(this.GetPrimaryKeyString());
    private string CallId => DialerKeys.DialCallIdOf(this.GetPrimaryKeyString());
    private LegOwner Self => new(IDialCallGrain.OwnerKind, this.GetPrimaryKeyString());

    /// <summary>A call found unfinished in storage lost its timers with the activation before (a restart, a failed silo),
    /// and events may have been lost with it; its watchdog's next tick may be a whole period away (Orleans skips the ticks
    /// missed while the silo was down). So it reconciles on activation: the abandon timer at once, the legs shortly after
    /// (<see cref="DialerOptions.ReconcileDelay"/>), once the events already on their way — often the very one that
    /// activated it — have been handled, so a hang-up's real cause and billed seconds are not overtaken by a guess.</summary>
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (S.Plan is not null && !S.Logged)
        {
            if (S.Phase is DialCallPhase.WaitingForAgent or DialCallPhase.RingingAgent) ArmAbandonTimer();
            _reconcileTimer = this.RegisterGrainTimer(ReconcileAfterActivationAsync, options.Value.ReconcileDelay, Timeout.InfiniteTimeSpan);
        }
        return Task.CompletedTask;
    }

    public async Task StartAsync(DialCallPlan plan)
    {
        try
        {
            if (!await TryStartAsync(plan)) return;
        }
        catch (Exception e)
        {
            log.LogError(e, "Dial call {CallId}: not started", CallId);
            await Loop(plan.CallTaskCode).OnCallNotStartedAsync(plan.CallId);
            return;
        }
        // The call holds its plan durably now: the task may drop its copy. (The originate, if any, is done; its failure
        // ends the call, which reports its outcome.)
        await Loop(plan.CallTaskCode).OnCallStartedAsync(plan.CallId);
    }

    public Task WakeAsync() => Task.CompletedTask;

    /// <returns>False when the plan is not this grain's (nothing done).</returns>
    private async Task<bool> TryStartAsync(DialCallPlan plan)
    {
        if (S.Plan is not null)
        {
            // A repeated start (the task re-issues it after a restart or a failed start). The originate follows both durable
            // writes below, and the watchdog goes only once the call is logged: a stored, unlogged call without its watchdog
            // (a crash or failure between the two writes) was never dialled, so it is dialled now, once. Any other stored
            // call is this grain's own: nothing to do.
            if (S.Logged || S.Phase != DialCallPhase.Dialling || S.CustomerHungUp || await this.GetReminder(Watchdog) is not null) return true;
            await WatchAsync();
            await OriginateAsync(S.Plan);
            return true;
        }
        if (plan.CallId != CallId)
        {
            log.LogError("Dial call {CallId}: refused a plan for call {PlanCallId}", CallId, plan.CallId);
            return false;
        }
        state.State = new DialCallState { Plan = plan, StartedAt = clock.GetUtcNow(), CustomerLegId = Guid.NewGuid().ToString(), Phase = DialCallPhase.Dialling };
        // Persisted before the originate: a restart finds the call and its leg id, and never dials it again. State and
        // watchdog are two independent durable writes: issued together they share the storage's group commit instead
        // of paying for two in a row.
        try
        {
            await Task.WhenAll(state.WriteStateAsync(), WatchAsync());
        }
        catch
        {
            // Not dialled. Forget the plan in memory too, so the task's retry of this start does the whole start again
            // instead of taking an unstored (or watchdog-less) call for a started one.
            state.State = new DialCallState();
            throw;
        }
        CallMetrics.CallStarted(AgentCallKind.Predictive);
        await OriginateAsync(plan);
        return true;
    }

    private async Task OriginateAsync(DialCallPlan plan)
    {
        try
        {
            await telephony.OriginateAsync(new OriginateRequest(S.CustomerLegId!, CallId,
                new PstnEndpoint(plan.Number, plan.Gateway.SwitchName, plan.Gateway.DialPrefix),
                plan.Gateway.CallerIdNumber ?? plan.Number, RingTimeout: plan.RingTimeout, Variables: Variables("customer")));
        }
        catch (SwitchCommandException e)
        {
            log.LogWarning(e, "Dial call {CallId}: the switch refused the originate", CallId);
            S.CustomerHungUp = true;
            S.CustomerCause = HangupCauses.NormalTemporaryFailure;
            await FinishAsync();
        }
    }

    public async Task ConnectAgentAsync(string username, string sipDomain)
    {
        if (S.Plan is null) return;
        if (S.Phase != DialCallPhase.WaitingForAgent)
        {
            // Too late (abandoned, or the customer left): the reservation must not leak.
            await Agent(username).OnCallProgressAsync(Progress(AgentCallPhase.Ended));
            return;
        }
        if (S.Plan.ScheduleType == ScheduleType.OffHookAgent)
        {
            await ConnectOffHookAgentAsync(username);
            return;
        }
        S.Agent = username;
        S.AgentAttached = true;
        S.AgentLegId = Guid.NewGuid().ToString();
        S.AgentLegHungUp = false;
        S.Phase = DialCallPhase.RingingAgent;
        await state.WriteStateAsync();
        try
        {
            await telephony.OriginateAsync(new OriginateRequest(S.AgentLegId, CallId, new ExtensionEndpoint(username, sipDomain), S.Plan.Number,
                RingTimeout: options.Value.AgentRingTimeout, Variables: Variables("agent"), AutoAnswer: options.Value.AgentAutoAnswer));
        }
        catch (SwitchCommandException e)
        {
            log.LogWarning(e, "Dial call {CallId}: agent {Agent} could not be rung", CallId, username);
            await ReleaseAgentAsync();
            await AbandonAsync("timeout");
        }
    }

    public Task<AgentCallInfo?> GetAsync()
    {
        if (S.Plan is not { } plan) return Task.FromResult<AgentCallInfo?>(null);
        var callState = S.Phase switch
        {
            DialCallPhase.Connected => AgentCallState.Connected,
            DialCallPhase.Ended => AgentCallState.Ended,
            _ => AgentCallState.RingingAgent,
        };
        return Task.FromResult<AgentCallInfo?>(new AgentCallInfo(TenantId, CallId, AgentCallKind.Predictive, callState, S.Agent ?? "", plan.Number,
            plan.ProjectCode, plan.CallTaskCode, S.AgentLegId, S.CustomerLegId, plan.Gateway.GwCode, S.StartedAt, S.ConnectedAt));
    }

    public async Task<ManagementResult> HangupAsync(string username, bool satisfactionSurvey)
    {
        if (S.Plan is null || username != S.Agent) return ManagementResult.Fail(ManagementError.CallNotFound);
        if (S.Phase == DialCallPhase.Connected) S.FirstToHangUp ??= "agent";
        await state.WriteStateAsync();
        // Schedule 4: the agent's off-hook leg is not the call's; the customer is kicked and the agent stays off-hook.
        if (S.Plan.ScheduleType == ScheduleType.OffHookAgent)
        {
            if (S.Phase == DialCallPhase.Connected) await HangupLegAsync(S.CustomerLegId);
            return ManagementResult.Success;
        }
        await HangupLegAsync(S.AgentLegId);
        return ManagementResult.Success;
    }

    /// <summary>Schedule 4: the customer joins the off-hook agent's conference (nothing rings); the invite push tells the
    /// agent's client who it is. The call has no agent leg of its own: it ends when the customer leaves.</summary>
    private async Task ConnectOffHookAgentAsync(string username)
    {
        S.Agent = username;
        S.AgentAttached = true;
        await state.WriteStateAsync();
        var joined = false;
        try
        {
            joined = await GrainFactory.GetGrain<IOffHookAgentGrain>(DialerKeys.OffHook(TenantId, username)).JoinCustomerAsync(CallId, S.CustomerLegId!);
        }
        catch (Exception e)
        {
            log.LogWarning(e, "Dial call {CallId}: off-hook agent {Agent} could not take the customer", CallId, username);
        }
        if (!joined)
        {
            // The agent's off-hook leg is gone (or the customer's): the reservation goes back and the customer, if still
            // there, waits for another agent within the same limit.
            await ReleaseAgentAsync();
            if (S.Phase == DialCallPhase.WaitingForAgent && !S.CustomerHungUp) await TaskGrain().OnCustomerReadyAsync(CallId);
            return;
        }
        _abandonTimer?.Dispose();
        _abandonTimer = null;
        S.Phase = DialCallPhase.Connected;
        S.ConnectedAt = clock.GetUtcNow();
        S.ConnectedAgent = username;
        CallMetrics.CallConnected(AgentCallKind.Predictive, S.ConnectedAt.Value - (S.WaitingSince ?? S.ConnectedAt.Value));
        await StartRecordingAsync();
        await state.WriteStateAsync();
        await Agent(username).OnCallProgressAsync(Progress(AgentCallPhase.Connected));
    }

    public Task<ManagementResult> TransferAsync(string fromUsername, string toUsername)
        => Task.FromResult(ManagementResult.Fail(ManagementError.CallStateInvalid, "task calls cannot be transferred yet"));

    public async Task<ManagementResult> PlayAsync(string username, string blobKey, bool stop)
    {
        if (S.Plan is null || username != S.Agent || S.Phase != DialCallPhase.Connected) return ManagementResult.Fail(ManagementError.CallStateInvalid);
        try
        {
            if (stop) await telephony.StopPlaybackAsync(S.CustomerLegId!);
            else await telephony.PlayAsync(S.CustomerLegId!, blobKey, mixed: true);
            return ManagementResult.Success;
        }
        catch (SwitchCommandException)
        {
            return ManagementResult.Fail(ManagementError.CallStateInvalid);
        }
    }

    public async Task OnSwitchEventAsync(SwitchEvent e)
    {
        if (S.Plan is not { } plan || S.Phase == DialCallPhase.Ended) return;
        var isCustomer = e.LegId == S.CustomerLegId;
        var isAgent = e.LegId == S.AgentLegId;
        switch (e)
        {
            case LegAnswered when isCustomer && S.Phase == DialCallPhase.Dialling:
                S.AnsweredAt = clock.GetUtcNow();
                if (plan.ScheduleType is ScheduleType.VoiceThenAgent or ScheduleType.VoiceOnly && plan.VoiceBlobKey is { } voice)
                {
                    S.Phase = DialCallPhase.PlayingVoice;
                    await state.WriteStateAsync();
                    await TryAsync(() => telephony.PlayAsync(S.CustomerLegId!, voice));
                }
                else if (plan.ScheduleType == ScheduleType.VoiceOnly)
                {
                    await state.WriteStateAsync();
                    await HangupLegAsync(S.CustomerLegId);
                }
                else
                {
                    await WaitForAgentAsync();
                }
                break;

            case PlaybackFinished when isCustomer && S.Phase == DialCallPhase.PlayingVoice:
                if (plan.ScheduleType == ScheduleType.VoiceOnly)
                {
                    S.FirstToHangUp = "agent";
                    await state.WriteStateAsync();
                    await HangupLegAsync(S.CustomerLegId);
                }
                else
                {
                    await WaitForAgentAsync();
                }
                break;

            case PlaybackFinished when isCustomer && S.Phase == DialCallPhase.Abandoning:
                await HangupLegAsync(S.CustomerLegId);
                break;

            case LegAnswered when isAgent && S.Phase == DialCallPhase.RingingAgent:
                try
                {
                    await telephony.BridgeAsync(S.CustomerLegId!, S.AgentLegId!);
                }
                catch (SwitchCommandException)
                {
                    // One side is gone; its hang-up is on its way.
                    break;
                }
                _abandonTimer?.Dispose();
                _abandonTimer = null;
                S.Phase = DialCallPhase.Connected;
                S.ConnectedAt = clock.GetUtcNow();
                S.ConnectedAgent = S.Agent;
                CallMetrics.CallConnected(AgentCallKind.Predictive, S.ConnectedAt.Value - (S.WaitingSince ?? S.ConnectedAt.Value));
                await StartRecordingAsync();
                // Predictive calls push invite when the customer is bridged to the agent (wire-notes). The bridge is
                // done; the agent's record and the call's are independent writes and go to storage together.
                await Task.WhenAll(state.WriteStateAsync(), Agent(S.Agent!).OnCallProgressAsync(Progress(AgentCallPhase.Connected)));
                break;

            case RecordingFinished recording when recording.BlobKey == S.RecordingKey:
                S.RecordingClosed = true;
                await EndIfDoneAsync();
                break;

            case LegHungUp hungUp when isCustomer:
                S.CustomerHungUp = true;
                S.CustomerCause = hungUp.Cause;
                S.CustomerBillSeconds = hungUp.BillSeconds;
                if (S.Phase == DialCallPhase.Connected) S.FirstToHangUp ??= "customer";
                if (S.Phase is DialCallPhase.WaitingForAgent or DialCallPhase.RingingAgent)
                {
                    S.AbandonReason ??= "customer";
                    CallMetrics.CallAbandoned(AgentCallKind.Predictive, "customer", clock.GetUtcNow() - (S.WaitingSince ?? clock.GetUtcNow()));
                }
                await state.WriteStateAsync();
                if (!S.AgentLegHungUp) await HangupLegAsync(S.AgentLegId);
                await EndIfDoneAsync();
                break;

            case LegHungUp when isAgent:
                S.AgentLegHungUp = true;
                if (S.Phase == DialCallPhase.Connected) S.FirstToHangUp ??= "agent";
                await ReleaseAgentAsync();
                if (S.Phase == DialCallPhase.RingingAgent)
                {
                    // The agent did not pick up: the customer is still waiting, within or past the limit.
                    await AbandonAsync("timeout");
                }
                else if (!S.CustomerHungUp)
                {
                    await HangupLegAsync(S.CustomerLegId);
                }
                await EndIfDoneAsync();
                break;
        }
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != Watchdog) return;
        if (S.Plan is null || S.Logged)
        {
            await UnwatchAsync();
            return;
        }
        await ReconcileAsync(replay: false);
    }

    private async Task ReconcileAfterActivationAsync()
    {
        _reconcileTimer?.Dispose();
        _reconcileTimer = null;
        if (S.Plan is null || S.Logged) return;
        // Stored, but its watchdog never was (a crash between the two writes of the start): never dialled. The task's
        // re-issued start dials it; it must not be taken for a call whose customer is gone.
        if (S.Phase == DialCallPhase.Dialling && await this.GetReminder(Watchdog) is null) return;
        await ReconcileAsync(replay: true);
    }

    /// <summary>Legs the switch no longer has (a restart of this process, a lost event) are treated as hung up. After an
    /// activation the events the old activation may have missed are replayed from the legs' live state as well
    /// (<paramref name="replay"/>).</summary>
    private async Task ReconcileAsync(bool replay)
    {
        var live = (await telephony.ListLegsAsync()).ToDictionary(l => l.LegId, StringComparer.Ordinal);
        if (!S.CustomerHungUp && S.CustomerLegId is { } c && !live.ContainsKey(c))
        {
            S.CustomerHungUp = true;
            S.CustomerCause ??= HangupCauses.NormalTemporaryFailure;
        }
        if (S.AgentLegId is { } a && !S.AgentLegHungUp && !live.ContainsKey(a))
        {
            S.AgentLegHungUp = true;
            await ReleaseAgentAsync();
        }
        await state.WriteStateAsync();
        if (replay && !S.CustomerHungUp) await ReplayAsync(live);
        // A finished call whose row was not written yet (it waited for its recording, or the write failed) is closed out.
        if (S.EndedAt is not null) await FinishAsync();
        else await EndIfDoneAsync();
    }

    /// <summary>After an activation: carries on from where the legs are now, as the events lost with the old activation
    /// would have.</summary>
    private async Task ReplayAsync(IReadOnlyDictionary<string, Telephony.LiveLeg> live)
    {
        var customer = S.CustomerLegId!;
        switch (S.Phase)
        {
            case DialCallPhase.Dialling when live[customer].AnsweredAt is not null:
                await OnSwitchEventAsync(new LegAnswered { LegId = customer, CallId = CallId, Timestamp = clock.GetUtcNow() });
                break;
            case DialCallPhase.PlayingVoice:
                // The voice's end may have been lost: it is over now.
                await TryAsync(() => telephony.StopPlaybackAsync(customer));
                await OnSwitchEventAsync(new PlaybackFinished(S.Plan!.VoiceBlobKey ?? "", true) { LegId = customer, CallId = CallId, Timestamp = clock.GetUtcNow() });
                break;
            case DialCallPhase.RingingAgent when S.AgentLegId is { } a && live.TryGetValue(a, out var agentLeg) && agentLeg.AnsweredAt is not null:
                await OnSwitchEventAsync(new LegAnswered { LegId = a, CallId = CallId, Timestamp = clock.GetUtcNow() });
                break;
            case DialCallPhase.Abandoning:
                // The information message's end may have been lost: the customer is released now.
                await HangupLegAsync(customer);
                break;
        }
    }

    private async Task WaitForAgentAsync()
    {
        S.Phase = DialCallPhase.WaitingForAgent;
        S.WaitingSince = clock.GetUtcNow();
        ArmAbandonTimer();
        // The task hears of the customer while the phase is being written: its ConnectAgentAsync queues behind this turn,
        // so it sees the phase; after a crash before the write, a late ConnectAgentAsync finds the call not waiting and
        // hands the agent's reservation back.
        await Task.WhenAll(state.WriteStateAsync(), TaskGrain().OnCustomerReadyAsync(CallId));
    }

    /// <summary>The abandon limit counts from when the customer became ready for an agent (also across a restart).</summary>
    private void ArmAbandonTimer()
    {
        var due = (S.WaitingSince ?? clock.GetUtcNow()) + S.Plan!.AbandonTimeout - clock.GetUtcNow();
        _abandonTimer?.Dispose();
        _abandonTimer = this.RegisterGrainTimer(() => OnAbandonTimeoutAsync(), due > TimeSpan.Zero ? due : TimeSpan.Zero, Timeout.InfiniteTimeSpan);
    }

    private async Task OnAbandonTimeoutAsync()
    {
        _abandonTimer?.Dispose();
        _abandonTimer = null;
        if (S.Phase is DialCallPhase.WaitingForAgent or DialCallPhase.RingingAgent) await AbandonAsync("timeout");
    }

    /// <summary>No agent in time: the customer hears the information message and is released.</summary>
    private async Task AbandonAsync(string reason)
    {
        if (S.Phase is DialCallPhase.Abandoning or DialCallPhase.Ended) return;
        S.AbandonReason ??= reason;
        S.Phase = DialCallPhase.Abandoning;
        await state.WriteStateAsync();
        CallMetrics.CallAbandoned(AgentCallKind.Predictive, S.AbandonReason, clock.GetUtcNow() - (S.WaitingSince ?? clock.GetUtcNow()));
        if (S.AgentLegId is not null && !S.AgentLegHungUp) await HangupLegAsync(S.AgentLegId);
        await ReleaseAgentAsync();
        if (S.CustomerHungUp)
        {
            await EndIfDoneAsync();
            return;
        }
        if (!await TryAsync(() => telephony.PlayAsync(S.CustomerLegId!, options.Value.AbandonPrompt))) await HangupLegAsync(S.CustomerLegId);
    }

    private async Task ReleaseAgentAsync()
    {
        if (!S.AgentAttached || S.Agent is not { } agent) return;
        S.AgentAttached = false;
        await state.WriteStateAsync();
        await Agent(agent).OnCallProgressAsync(Progress(AgentCallPhase.Ended));
        // The agent is free again now, well before this call's log row and outcome: the task may offer them the next
        // customer at once (one-way; the agent grain stays the arbiter of who is free).
        await Loop(S.Plan!.CallTaskCode).OnAgentReleasedAsync(CallId, agent);
    }

    private async Task EndIfDoneAsync()
    {
        if (!S.CustomerHungUp) return;
        if (S.AgentLegId is not null && !S.AgentLegHungUp) return;
        await FinishAsync();
    }

    /// <summary>Starts recording the customer's leg, which carries the whole conversation; a failure costs the recording,
    /// never the call.</summary>
    private async Task StartRecordingAsync()
    {
        if (!options.Value.RecordCalls || S.RecordingKey is not null || S.CustomerLegId is not { } leg) return;
        var key = RecordingKeys.Recording(TenantId, S.ConnectedAt!.Value, options.Value.LocalTimeOffset, CallId);
        try
        {
            await telephony.StartRecordingAsync(leg, key);
            S.RecordingKey = key;
        }
        catch (SwitchCommandException e)
        {
            log.LogWarning(e, "Dial call {CallId}: recording could not be started", CallId);
        }
    }

    private async Task FinishAsync()
    {
        if (S.Logged) return;
        var now = clock.GetUtcNow();
        if (S.RecordingKey is not null && !S.RecordingClosed && _recordingWait is null && now - (S.EndedAt ?? now) < options.Value.RecordingWait)
        {
            // The row names the recording, so it waits (boundedly) until the recording is stored.
            S.EndedAt ??= now;
            await state.WriteStateAsync();
            _recordingWait = this.RegisterGrainTimer(() => FinishAsync(), options.Value.RecordingWait, Timeout.InfiniteTimeSpan);
            return;
        }
        _recordingWait?.Dispose();
        _recordingWait = null;
        _abandonTimer?.Dispose();
        _abandonTimer = null;
        S.Phase = DialCallPhase.Ended;
        S.EndedAt ??= clock.GetUtcNow();
        await ReleaseAgentAsync();
        var plan = S.Plan!;
        var record = BuildRecord(plan);
        if (!await CallCloseOut.ReleaseAndLogAsync(GrainFactory, callLogs, record, plan.Gateway.GwCode, log))
        {
            await state.WriteStateAsync();
            return;
        }
        S.Logged = true;
        // The row is durable; marking it and dropping the watchdog are independent and go to storage together. The
        // outcome reaches the task only after both (a repeat after a crash is harmless: the log append is idempotent).
        await Task.WhenAll(state.WriteStateAsync(), UnwatchAsync());
        await TaskGrain().OnCallFinishedAsync(Outcome(record));
        // Done: nothing is left in memory that storage does not have. Going now rather than after the idle age keeps
        // tens of thousands of finished calls per minute out of the heap (and out of the GC's way).
        DeactivateOnIdle();
    }

    private async Task WatchAsync() => _watchdog = await this.RegisterOrUpdateReminder(Watchdog, options.Value.CallWatchdogPeriod, options.Value.CallWatchdogPeriod);

    /// <summary>The handle kept from registering saves asking the reminder service for it again (a grain call per call).</summary>
    private async Task UnwatchAsync()
    {
        if ((_watchdog ?? await this.GetReminder(Watchdog)) is { } reminder) await this.UnregisterReminder(reminder);
        _watchdog = null;
    }

    private CallLogRecord BuildRecord(DialCallPlan plan)
    {
        var answered = S.AnsweredAt is not null;
        (int Result, int Detail) outcome =
            S.ConnectedAt is not null ? CallResultClassifier.Connected(S.FirstToHangUp != "customer")
            : answered && plan.ScheduleType == ScheduleType.VoiceOnly ? CallResultClassifier.Connected(S.FirstToHangUp != "customer")
            : answered ? CallResultClassifier.NoAgentReached(S.AbandonReason == "customer", false)
            : CallResultClassifier.CustomerNotReached(S.CustomerCause);
        var end = S.EndedAt ?? clock.GetUtcNow();
        var bill = answered ? S.CustomerBillSeconds : 0;
        return new CallLogRecord(TenantId, CallId, AgentCallKind.Predictive, plan.ProjectCode, plan.CallTaskCode,
            CallerIdNumber: S.ConnectedAgent, DestinationNumber: plan.Number, RecordingBlobKey: S.ConnectedAt is not null ? S.RecordingKey : null,
            StartTime: S.StartedAt, EndTime: end, DurationSeconds: (int)Math.Max(0, Math.Round((end - S.StartedAt).TotalSeconds)),
            BillSeconds: bill, PriceRule: plan.Gateway.PriceRule, PriceCal: PriceRules.Calculate(plan.Gateway.PriceRule, bill),
            Result: outcome.Result, ResultDetail: outcome.Detail, Evaluation: null, HangupCause: S.CustomerCause, GatewayCode: plan.Gateway.GwCode);
    }

    private DialCallOutcome Outcome(CallLogRecord record)
    {
        var answered = S.AnsweredAt is not null;
        var end = S.EndedAt ?? clock.GetUtcNow();
        var ring = ((S.AnsweredAt ?? end) - S.StartedAt).TotalSeconds;
        var talk = S.ConnectedAt is { } c ? (end - c).TotalSeconds : 0;
        var wait = S.ConnectedAt is { } cc && S.AnsweredAt is { } a ? (cc - a).TotalMilliseconds : 0;
        return new DialCallOutcome(CallId, S.Plan!.Number, record.Result, record.ResultDetail, answered,
            answered && record.Result == CallResults.Missed, S.ConnectedAgent, ring, talk, wait);
    }

    private async Task<bool> TryAsync(Func<Task> command)
    {
        try
        {
            await command();
            return true;
        }
        catch (SwitchCommandException e)
        {
            log.LogDebug(e, "Dial call {CallId}: switch command refused", CallId);
            return false;
        }
    }

    private async Task HangupLegAsync(string? legId)
    {
        if (legId is null) return;
        await TryAsync(() => telephony.HangupAsync(legId));
    }

    private Dictionary<string, string> Variables(string role)
    {
        var variables = Self.ToVariables(TenantId, CallId);
        variables[ChannelVariables.Role] = role;
        variables[ChannelVariables.Project] = S.Plan!.ProjectCode;
        variables[ChannelVariables.Task] = S.Plan.CallTaskCode;
        return variables;
    }

    private AgentCallProgress Progress(AgentCallPhase phase)
        => new(CallId, phase, AgentCallKind.Predictive, S.Plan!.Number, S.Plan.CallTaskCode, clock.GetUtcNow());

    private IAgentGrain Agent(string username) => GrainFactory.GetGrain<IAgentGrain>(IAgentGrain.KeyFor(TenantId, username));

    private IDialTaskGrain TaskGrain() => GrainFactory.GetGrain<IDialTaskGrain>(DialerKeys.Task(TenantId, S.Plan!.CallTaskCode));

    private IDialTaskLoop Loop(string callTaskCode) => GrainFactory.GetGrain<IDialTaskLoop>(DialerKeys.Task(TenantId, callTaskCode));
}
