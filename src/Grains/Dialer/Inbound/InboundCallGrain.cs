using CallCenter.Calls;
using CallCenter.Dialer;
using CallCenter.Grains.Management.Calls;
using CallCenter.Grains.Telemetry;
using CallCenter.Management;
using CallCenter.Management.Agents;
using CallCenter.Management.CallLogs;
using CallCenter.Management.Calls;
using CallCenter.Management.Voices;
using CallCenter.Recordings;
using CallCenter.Telephony;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CallCenter.Grains.Dialer.Inbound;

/// <summary>
/// One caller of an inbound task (callType 3 / scheduleType 11), modelled on <see cref="DialCallGrain"/>. The task admits
/// the caller's leg here; the call takes the leg over (its events come here from then on), answers it, plays the task's
/// voice, then waits in the task's queue with hold music and tells the task so. The task rings agents through
/// <see cref="RingAgentAsync"/>; on the agent's answer the legs are bridged and the caller's leg recorded. Results:
/// talked 10/50 (agent first) or 10/55 (caller first); caller hung up before an agent was bridged 30/28; not bridged
/// within the queue timeout 30/40; no agent available, task paused or ended 30/35. When every leg is gone the call-log row
/// is written, and only then the outcome reported to the task, so the task's counters never run ahead of the logs.
/// </summary>
[GrainType("dialer-inbound-call")]
public sealed class InboundCallGrain(
    [PersistentState("call")] IPersistentState<InboundCallState> state,
    ISwitch telephony,
    ICallLogStore callLogs,
    IOptions<DialerOptions> options,
    IOptions<InboundOptions> inboundOptions,
    TimeProvider clock,
    ILogger<InboundCallGrain> log) : Grain, IInboundCallGrain, IRemindable
{
    private const string Watchdog = "inbound-call-watchdog";
    private IDisposable? _queueTimer;
    private IDisposable? _reconcileTimer;

    private InboundCallState S => state.State;
    private DialerOptions O => options.Value;
    private InboundOptions IO => inboundOptions.Value;
    private string TenantId => DialerKeys.TenantOf(this.GetPrimaryKeyString());
    private string CallId => DialerKeys.InboundCallIdOf(this.GetPrimaryKeyString());
    private LegOwner Self => new(IInboundCallGrain.OwnerKind, this.GetPrimaryKeyString());
    private DateTimeOffset Now => clock.GetUtcNow();

    /// <summary>A call found unfinished in storage lost its timers with the activation before (a restart, a failed silo),
    /// and events may have been lost with it; its watchdog's next tick may be a whole period away (Orleans skips the
    /// ticks missed while the silo was down). So it reconciles on activation: the queue timeout at once, the legs shortly
    /// after (<see cref="DialerOptions.ReconcileDelay"/>), once the events already on their way have been handled.</summary>
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (S.Plan is not null && !S.Logged)
        {
            ArmQueueTimeout();
            _reconcileTimer = this.RegisterGrainTimer(ReconcileAfterActivationAsync, O.ReconcileDelay, Timeout.InfiniteTimeSpan);
        }
        return Task.CompletedTask;
    }

    public async Task<InboundCallStatus> AdmitAsync(InboundCallPlan plan)
    {
        if (S.Plan is not null)
        {
            // Admitted before (the task re-admits every caller it holds after a restart). A call whose watchdog write was
            // lost gets it now; its activation has already scheduled the reconciliation that takes the leg if need be.
            if (!S.Logged && await this.GetReminder(Watchdog) is null) await WatchAsync();
            return Status();
        }
        if (plan.CallId != CallId) throw new ArgumentException("call id does not match the grain", nameof(plan));
        state.State = new InboundCallState { Plan = plan, Phase = InboundCallPhase.Answering, AnsweredAt = plan.Answered ? Now : null, Reason = plan.Closed ? "closed" : null };
        try
        {
            // Stored before the leg is touched; state and watchdog are independent writes and share a group commit.
            await Task.WhenAll(state.WriteStateAsync(), WatchAsync());
        }
        catch
        {
            // Not taken: the task's retry of this admit does it all again.
            state.State = new InboundCallState();
            throw;
        }
        CallMetrics.CallStarted(AgentCallKind.Inbound);
        await TakeLegAsync();
        return Status();
    }

    public async Task<InboundRingResult> RingAgentAsync(string username, string sipDomain)
    {
        if (S.Plan is not { } plan || S.Phase != InboundCallPhase.Waiting || S.CustomerHungUp)
        {
            // The caller is gone or leaving: the reservation the task made must not leak.
            await Agent(username).OnCallProgressAsync(Progress(AgentCallPhase.Ended));
            return InboundRingResult.CallerGone;
        }
        S.Agent = username;
        S.AgentAttached = true;
        S.AgentLegId = Guid.NewGuid().ToString();
        S.AgentLegHungUp = false;
        S.Phase = InboundCallPhase.RingingAgent;
        await state.WriteStateAsync();
        var legId = S.AgentLegId;
        if (await TryAsync(() => telephony.OriginateAsync(new OriginateRequest(legId, CallId, new ExtensionEndpoint(username, sipDomain), plan.Caller,
                RingTimeout: O.AgentRingTimeout, Variables: Variables("agent")))))
            return InboundRingResult.Ringing;
        // The task learns it from the answer: not told again.
        await ReleaseAgentAsync(talked: false, callerWaiting: true, tellTask: false);
        S.Agent = null;
        S.AgentLegId = null;
        S.Phase = InboundCallPhase.Waiting;
        await state.WriteStateAsync();
        return InboundRingResult.AgentUnreachable;
    }

    public Task<bool> CloseAsync(InboundCloseReason reason)
        => CloseAsync(reason == InboundCloseReason.NoAgents ? "noagents" : "ended", tellTask: false);

    public async Task OnSwitchEventAsync(SwitchEvent e)
    {
        if (S.Plan is not { } plan || S.Phase == InboundCallPhase.Ended) return;
        var isCustomer = e.LegId == plan.CustomerLegId;
        var isAgent = S.AgentLegId is not null && e.LegId == S.AgentLegId;
        switch (e)
        {
            case LegAnswered when isCustomer && S.Phase == InboundCallPhase.Answering:
                S.AnsweredAt = Now;
                await AfterAnswerAsync();
                break;

            case PlaybackFinished p when isCustomer && S.Phase == InboundCallPhase.Greeting && p.Completed:
                await EnterQueueAsync();
                break;

            case PlaybackFinished p when isCustomer && S.Phase == InboundCallPhase.Closing && (p.Prompt == O.AbandonPrompt || p.Prompt == IO.ClosedPrompt):
                await HangupLegAsync(plan.CustomerLegId);
                break;

            case LegAnswered when isAgent && S.Phase == InboundCallPhase.RingingAgent:
                await TryAsync(() => telephony.StopPlaybackAsync(plan.CustomerLegId));
                if (!await TryAsync(() => telephony.BridgeAsync(plan.CustomerLegId, S.AgentLegId!))) break; // a hang-up is on its way
                _queueTimer?.Dispose();
                _queueTimer = null;
                S.Phase = InboundCallPhase.Connected;
                S.ConnectedAt = Now;
                S.ConnectedAgent = S.Agent;
                CallMetrics.CallConnected(AgentCallKind.Inbound, Now - (S.WaitingSince ?? Now));
                await StartRecordingAsync();
                await state.WriteStateAsync();
                await Agent(S.Agent!).OnCallProgressAsync(Progress(AgentCallPhase.Connected));
                break;

            case LegHungUp hungUp when isCustomer:
                S.CustomerHungUp = true;
                S.CustomerCause = hungUp.Cause;
                S.CustomerBillSeconds = hungUp.BillSeconds;
                if (S.Phase == InboundCallPhase.Connected) S.FirstToHangUp ??= "customer";
                if (S.Phase is InboundCallPhase.Answering or InboundCallPhase.Greeting or InboundCallPhase.Waiting or InboundCallPhase.RingingAgent) S.Reason ??= "customer";
                if (S.Phase is InboundCallPhase.Waiting or InboundCallPhase.RingingAgent) CallMetrics.CallAbandoned(AgentCallKind.Inbound, "customer", Now - (S.WaitingSince ?? Now));
                await state.WriteStateAsync();
                if (S.AgentLegId is not null && !S.AgentLegHungUp) await HangupLegAsync(S.AgentLegId);
                await EndIfDoneAsync();
                break;

            case LegHungUp when isAgent:
                S.AgentLegHungUp = true;
                if (S.Phase == InboundCallPhase.Connected) S.FirstToHangUp ??= "agent";
                if (S.Phase == InboundCallPhase.RingingAgent && !S.CustomerHungUp)
                {
                    // The agent did not pick up: the caller keeps their place at the head of the queue (the task's).
                    await AgentMissedAsync();
                    break;
                }
                await ReleaseAgentAsync(talked: S.Phase == InboundCallPhase.Connected, callerWaiting: false);
                await state.WriteStateAsync();
                if (!S.CustomerHungUp && S.Phase != InboundCallPhase.Closing) await HangupLegAsync(plan.CustomerLegId);
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

    public Task<AgentCallInfo?> GetAsync()
    {
        if (S.Plan is not { } plan || S.Agent is not { } agent || S.Phase is not (InboundCallPhase.RingingAgent or InboundCallPhase.Connected))
            return Task.FromResult<AgentCallInfo?>(null);
        return Task.FromResult<AgentCallInfo?>(new AgentCallInfo(TenantId, CallId, AgentCallKind.Inbound,
            S.Phase == InboundCallPhase.Connected ? AgentCallState.Connected : AgentCallState.RingingAgent, agent, plan.Caller, plan.ProjectCode,
            plan.CallTaskCode, S.AgentLegId, plan.CustomerLegId, plan.GatewayCode, plan.ArrivedAt, S.ConnectedAt));
    }

    /// <summary>The agent's /app/bye: hangs up the agent's leg; the caller's follows (and the result says who went first).</summary>
    public async Task<ManagementResult> HangupAsync(string username, bool satisfactionSurvey)
    {
        if (S.Plan is null || S.Agent != username || S.AgentLegId is not { } leg || S.AgentLegHungUp) return ManagementResult.Fail(ManagementError.CallNotFound);
        await HangupLegAsync(leg);
        return ManagementResult.Success;
    }

    public Task<ManagementResult> TransferAsync(string fromUsername, string toUsername)
        => Task.FromResult(ManagementResult.Fail(ManagementError.CallStateInvalid, "task calls cannot be transferred yet"));

    public async Task<ManagementResult> PlayAsync(string username, string blobKey, bool stop)
    {
        if (S.Plan is not { } plan || S.Agent != username || S.Phase != InboundCallPhase.Connected) return ManagementResult.Fail(ManagementError.CallStateInvalid);
        var played = stop
            ? await TryAsync(() => telephony.StopPlaybackAsync(plan.CustomerLegId))
            : await TryAsync(() => telephony.PlayAsync(plan.CustomerLegId, blobKey, mixed: true));
        return played ? ManagementResult.Success : ManagementResult.Fail(ManagementError.CallStateInvalid);
    }

    /// <summary>The caller's leg was adopted for the task (its owner variables name the task, which forwards any event
    /// that still reaches it); from here on the leg names this call, then it is answered.</summary>
    private async Task TakeLegAsync()
    {
        var leg = S.Plan!.CustomerLegId;
        await TryAsync(() => telephony.SetVariablesAsync(leg, Variables("customer")));
        if (S.AnsweredAt is not null)
        {
            await AfterAnswerAsync();
            return;
        }
        if (!await TryAsync(() => telephony.AnswerAsync(leg)))
        {
            S.CustomerHungUp = true;
            S.Reason ??= "customer";
            await EndIfDoneAsync();
        }
    }

    private async Task AfterAnswerAsync()
    {
        var plan = S.Plan!;
        if (S.Reason == "closed")
        {
            S.Phase = InboundCallPhase.Closing;
            await state.WriteStateAsync();
            if (!await TryAsync(() => telephony.PlayAsync(plan.CustomerLegId, IO.ClosedPrompt))) await HangupLegAsync(plan.CustomerLegId);
            return;
        }
        if (plan.VoiceCode is { } voice && (await GrainFactory.GetGrain<IVoiceGrain>(IVoiceGrain.KeyFor(TenantId, voice)).GetAsync())?.BlobKey is { } blob)
        {
            S.Phase = InboundCallPhase.Greeting;
            await state.WriteStateAsync();
            if (await TryAsync(() => telephony.PlayAsync(plan.CustomerLegId, blob))) return;
        }
        await EnterQueueAsync();
    }

    /// <summary>The caller waits (hold music) and the task hears of it; it decides whether an agent can come at all.</summary>
    private async Task EnterQueueAsync()
    {
        S.Phase = InboundCallPhase.Waiting;
        S.WaitingSince ??= Now;
        await state.WriteStateAsync();
        await TryAsync(() => telephony.PlayAsync(S.Plan!.CustomerLegId, IO.HoldMusic, loop: true));
        ArmQueueTimeout();
        await Queue().OnCallerWaitingAsync(CallId);
    }

    /// <summary>The ringing agent did not answer (or their leg is gone): the caller waits again, and the task offers them
    /// to another agent.</summary>
    private async Task AgentMissedAsync()
    {
        await ReleaseAgentAsync(talked: false, callerWaiting: true);
        S.Agent = null;
        S.AgentLegId = null;
        S.AgentLegHungUp = false;
        S.Phase = InboundCallPhase.Waiting;
        await state.WriteStateAsync();
    }

    /// <summary>The queue timeout counts from when the caller first waited, also while an agent rings.</summary>
    private void ArmQueueTimeout()
    {
        if (S.Phase is not (InboundCallPhase.Waiting or InboundCallPhase.RingingAgent) || S.WaitingSince is not { } since) return;
        var due = since + S.Plan!.QueueTimeout - Now;
        _queueTimer?.Dispose();
        _queueTimer = this.RegisterGrainTimer(OnQueueTimeoutAsync, due > TimeSpan.Zero ? due : TimeSpan.Zero, Timeout.InfiniteTimeSpan);
    }

    private async Task OnQueueTimeoutAsync()
    {
        _queueTimer?.Dispose();
        _queueTimer = null;
        if (S.Phase is InboundCallPhase.Waiting or InboundCallPhase.RingingAgent) await CloseAsync("timeout", tellTask: true);
    }

    /// <summary>No agent will come: the prompt plays (the hang-up follows its end) and the reason decides the result.</summary>
    private async Task<bool> CloseAsync(string reason, bool tellTask)
    {
        if (S.Plan is not { } plan || S.Phase is InboundCallPhase.Closing or InboundCallPhase.Ended or InboundCallPhase.Connected) return false;
        _queueTimer?.Dispose();
        _queueTimer = null;
        S.Reason ??= reason;
        S.Phase = InboundCallPhase.Closing;
        await state.WriteStateAsync();
        CallMetrics.CallAbandoned(AgentCallKind.Inbound, S.Reason, Now - (S.WaitingSince ?? Now));
        if (S.AgentLegId is not null && !S.AgentLegHungUp) await HangupLegAsync(S.AgentLegId);
        await ReleaseAgentAsync(talked: false, callerWaiting: false, tellTask);
        if (S.CustomerHungUp)
        {
            await EndIfDoneAsync();
            return true;
        }
        if (!await TryAsync(() => telephony.PlayAsync(plan.CustomerLegId, O.AbandonPrompt))) await HangupLegAsync(plan.CustomerLegId);
        return true;
    }

    /// <summary>Records the caller's leg, which carries the whole conversation; a failure costs the recording, never the call.</summary>
    private async Task StartRecordingAsync()
    {
        if (!O.RecordCalls || S.RecordingKey is not null) return;
        var key = RecordingKeys.Recording(TenantId, S.ConnectedAt!.Value, O.LocalTimeOffset, CallId);
        if (await TryAsync(() => telephony.StartRecordingAsync(S.Plan!.CustomerLegId, key))) S.RecordingKey = key;
    }

    /// <summary>Hands the agent's reservation back (the agent grain) and tells the task, which decides who they take next.</summary>
    private async Task ReleaseAgentAsync(bool talked, bool callerWaiting, bool tellTask = true)
    {
        if (!S.AgentAttached || S.Agent is not { } agent) return;
        S.AgentAttached = false;
        await state.WriteStateAsync();
        await Agent(agent).OnCallProgressAsync(Progress(AgentCallPhase.Ended));
        if (tellTask) await Queue().OnAgentReleasedAsync(new InboundAgentRelease(CallId, agent, talked, callerWaiting));
    }

    private async Task EndIfDoneAsync()
    {
        if (!S.CustomerHungUp) return;
        if (S.AgentLegId is not null && !S.AgentLegHungUp) return;
        await FinishAsync();
    }

    /// <summary>Writes the call's one log row, then reports the outcome (the task counts it only then).</summary>
    private async Task FinishAsync()
    {
        if (S.Logged) return;
        _queueTimer?.Dispose();
        _queueTimer = null;
        await ReleaseAgentAsync(talked: S.ConnectedAt is not null, callerWaiting: false);
        S.Phase = InboundCallPhase.Ended;
        S.EndedAt ??= Now;
        var record = BuildRecord();
        // Inbound callers come in through the task's numbers, not a trunk the task reserved: no gateway to release.
        if (!await CallCloseOut.ReleaseAndLogAsync(GrainFactory, callLogs, record, gatewayCode: null, log))
        {
            await state.WriteStateAsync();
            return;
        }
        S.Logged = true;
        // The row is durable; marking it and dropping the watchdog go to storage together. A repeat after a crash is
        // harmless: the log append is idempotent, and the task counts a call once.
        await Task.WhenAll(state.WriteStateAsync(), UnwatchAsync());
        await GrainFactory.GetGrain<IDialTaskGrain>(DialerKeys.Task(TenantId, S.Plan!.CallTaskCode)).OnCallFinishedAsync(Outcome(record));
        DeactivateOnIdle();
    }

    private async Task ReconcileAfterActivationAsync()
    {
        _reconcileTimer?.Dispose();
        _reconcileTimer = null;
        if (S.Plan is null || S.Logged) return;
        await ReconcileAsync(replay: true);
    }

    /// <summary>Legs the switch no longer has (a restart, a lost event) are treated as hung up. After an activation the
    /// events the old activation may have missed are replayed from the legs' live state as well (<paramref name="replay"/>).</summary>
    private async Task ReconcileAsync(bool replay)
    {
        IReadOnlyList<LiveLeg> legs;
        try
        {
            legs = await telephony.ListLegsAsync();
        }
        catch (SwitchCommandException e)
        {
            log.LogWarning(e, "Inbound call {CallId}: live legs not available; reconciling at the next watchdog tick", CallId);
            return;
        }
        var live = legs.ToDictionary(l => l.LegId, StringComparer.Ordinal);
        var plan = S.Plan!;
        if (!S.CustomerHungUp && !live.ContainsKey(plan.CustomerLegId))
        {
            S.CustomerHungUp = true;
            S.CustomerCause ??= HangupCauses.NormalTemporaryFailure;
            if (S.Phase != InboundCallPhase.Connected) S.Reason ??= "customer";
        }
        if (S.AgentLegId is { } a && !S.AgentLegHungUp && !live.ContainsKey(a))
        {
            S.AgentLegHungUp = true;
            if (S.Phase == InboundCallPhase.RingingAgent && !S.CustomerHungUp) await AgentMissedAsync();
            else await ReleaseAgentAsync(talked: S.Phase == InboundCallPhase.Connected, callerWaiting: false);
        }
        await state.WriteStateAsync();
        // The agent's side is gone under a talking caller, as its hang-up would have ended the call.
        if (!S.CustomerHungUp && S.Phase == InboundCallPhase.Connected && S.AgentLegHungUp) await HangupLegAsync(plan.CustomerLegId);
        if (replay && !S.CustomerHungUp) await ReplayAsync(live);
        await EndIfDoneAsync();
    }

    /// <summary>After an activation: carries on from where the legs are now, as the events lost with the old activation
    /// would have.</summary>
    private async Task ReplayAsync(IReadOnlyDictionary<string, LiveLeg> live)
    {
        var plan = S.Plan!;
        switch (S.Phase)
        {
            case InboundCallPhase.Answering when live[plan.CustomerLegId].AnsweredAt is not null:
                S.AnsweredAt ??= Now;
                await AfterAnswerAsync();
                break;
            case InboundCallPhase.Answering:
                await TakeLegAsync();
                break;
            case InboundCallPhase.Greeting:
                await TryAsync(() => telephony.StopPlaybackAsync(plan.CustomerLegId));
                await EnterQueueAsync();
                break;
            case InboundCallPhase.Waiting:
                // Hold music again, and the task told again (it ignores a repeat): the first report may be lost.
                await TryAsync(() => telephony.PlayAsync(plan.CustomerLegId, IO.HoldMusic, loop: true));
                await Queue().OnCallerWaitingAsync(CallId);
                break;
            case InboundCallPhase.RingingAgent when S.AgentLegId is { } a && live.TryGetValue(a, out var agentLeg) && agentLeg.AnsweredAt is not null:
                await OnSwitchEventAsync(new LegAnswered { LegId = a, CallId = CallId, Timestamp = Now });
                break;
            case InboundCallPhase.Closing:
                // The prompt's end may have been lost: the caller is released now.
                await HangupLegAsync(plan.CustomerLegId);
                break;
        }
    }

    private CallLogRecord BuildRecord()
    {
        var plan = S.Plan!;
        (int Result, int Detail) outcome = S.ConnectedAt is not null
            ? CallResultClassifier.Connected(S.FirstToHangUp != "customer")
            : CallResultClassifier.NoAgentReached(S.Reason == "customer", S.Reason == "timeout");
        var end = S.EndedAt ?? Now;
        return new CallLogRecord(TenantId, CallId, AgentCallKind.Inbound, plan.ProjectCode, plan.CallTaskCode,
            CallerIdNumber: S.ConnectedAgent, DestinationNumber: plan.Caller, RecordingBlobKey: S.ConnectedAt is not null ? S.RecordingKey : null,
            StartTime: plan.ArrivedAt, EndTime: end, DurationSeconds: (int)Math.Max(0, Math.Round((end - plan.ArrivedAt).TotalSeconds)),
            BillSeconds: S.AnsweredAt is not null ? S.CustomerBillSeconds : 0, PriceRule: null, PriceCal: null,
            Result: outcome.Result, ResultDetail: outcome.Detail, Evaluation: null, HangupCause: S.CustomerCause, GatewayCode: plan.GatewayCode);
    }

    private DialCallOutcome Outcome(CallLogRecord record)
    {
        var end = S.EndedAt ?? Now;
        var talk = S.ConnectedAt is { } at ? (end - at).TotalSeconds : 0;
        var wait = S.ConnectedAt is { } connected ? (connected - (S.WaitingSince ?? connected)).TotalMilliseconds : 0;
        return new DialCallOutcome(CallId, S.Plan!.Caller, record.Result, record.ResultDetail, S.AnsweredAt is not null,
            record.Result == CallResults.Missed, S.ConnectedAgent, 0, talk, wait);
    }

    private InboundCallStatus Status() => new(S.Phase, S.Agent, S.Logged ? Outcome(BuildRecord()) : null);

    private Task WatchAsync() => this.RegisterOrUpdateReminder(Watchdog, O.CallWatchdogPeriod, O.CallWatchdogPeriod);

    private async Task UnwatchAsync()
    {
        if (await this.GetReminder(Watchdog) is { } reminder) await this.UnregisterReminder(reminder);
    }

    private Dictionary<string, string> Variables(string role)
    {
        var variables = Self.ToVariables(TenantId, CallId);
        variables[ChannelVariables.Role] = role;
        variables[ChannelVariables.Project] = S.Plan!.ProjectCode;
        variables[ChannelVariables.Task] = S.Plan.CallTaskCode;
        return variables;
    }

    private AgentCallProgress Progress(AgentCallPhase phase) => new(CallId, phase, AgentCallKind.Inbound, S.Plan?.Caller, S.Plan?.CallTaskCode, Now);

    private IAgentGrain Agent(string username) => GrainFactory.GetGrain<IAgentGrain>(IAgentGrain.KeyFor(TenantId, username));

    private IInboundTaskGrain Queue() => GrainFactory.GetGrain<IInboundTaskGrain>(DialerKeys.Task(TenantId, S.Plan!.CallTaskCode));

    private async Task HangupLegAsync(string? legId)
    {
        if (legId is null) return;
        await TryAsync(() => telephony.HangupAsync(legId));
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
            log.LogDebug(e, "Inbound call {CallId}: switch command refused", CallId);
            return false;
        }
    }
}
