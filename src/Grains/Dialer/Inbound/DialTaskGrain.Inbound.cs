using CallCenter.Calls;
using CallCenter.Dialer;
using CallCenter.Grains.Dialer.Inbound;
using CallCenter.Grains.Management.Calls;
using CallCenter.Management;
using CallCenter.Management.Agents;
using CallCenter.Management.CallLogs;
using CallCenter.Management.Calls;
using CallCenter.Management.Projects;
using CallCenter.Management.Voices;
using CallCenter.Routing;
using CallCenter.Telephony;
using CallCenter.Tenancy;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CallCenter.Grains.Dialer;

/// <summary>
/// Inbound tasks (callType 3 / scheduleType 11). The task claims its numbers at start; the router hands it every caller.
/// A caller is answered, hears the task's voice (if any), waits in one FIFO queue with hold music and is offered to the
/// project's free agents, longest idle first, through the agent grain's reservation; the agent's phone rings and is
/// bridged (recorded). No agent within the queue timeout: information prompt, 30/40. Caller hangs up first: 30/28. No
/// agent available at all: information prompt, 30/35. Talked: 10/50 or 10/55. Every call is counted when its one call
/// log row is written. The queue is persisted with the task; after a restart it is checked against the switch's live legs.
/// </summary>
public sealed partial class DialTaskGrain : IInboundTaskGrain
{
    private bool _inboundReconciled;
    private ISwitch? _switch;

    private bool IsInbound => S.Definition is { } d && IsInboundDefinition(d);

    private static bool IsInboundDefinition(CallTaskDefinition d) => d.CallType == TaskCallType.Inbound || d.ScheduleType == ScheduleType.Inbound;

    /// <summary>Calls of the task not yet logged: dialled ones and inbound ones.</summary>
    private int LiveCalls => S.InFlight.Count + S.Inbound.Calls.Count;

    private bool InboundNeedsTimer => IsInbound && S.Inbound.Calls.Count > 0;

    private ISwitch Switch => _switch ??= ServiceProvider.GetRequiredService<ISwitch>();

    private InboundOptions IO => ServiceProvider.GetRequiredService<IOptions<InboundOptions>>().Value;

    private TimeSpan QueueTimeout => S.Definition?.QueueTimeoutSeconds is { } s ? TimeSpan.FromSeconds(s) : IO.DefaultQueueTimeout;

    private LegOwner InboundOwner => new(IInboundTaskGrain.OwnerKind, this.GetPrimaryKeyString());

    private async Task<ManagementResult?> ValidateInboundAsync(CallTaskDefinition d)
    {
        if (d.CallType != TaskCallType.Inbound || d.ScheduleType != ScheduleType.Inbound)
            return ManagementResult.Fail(ManagementError.InvalidArgument, "inbound tasks need callType 3 with scheduleType 11");
        if (d.InboundNumbers is not { Count: > 0 } numbers) return ManagementResult.Fail(ManagementError.InvalidArgument, "inboundNumbers is required for inbound tasks");
        foreach (var number in numbers)
        {
            if (await GrainFactory.GetGrain<IInboundNumberGrain>(IInboundNumberGrain.KeyFor(number)).GetRouteAsync() is { } route && route.TenantId != TenantId)
                return ManagementResult.Fail(ManagementError.TaskRefused, $"number {number} is in use");
        }
        if (d.VoiceCode is { } voice && await GrainFactory.GetGrain<IVoiceGrain>(IVoiceGrain.KeyFor(TenantId, voice)).GetAsync() is null)
            return ManagementResult.Fail(ManagementError.VoiceNotFound);
        return null;
    }

    /// <summary>At start: the numbers route to this task. A number another running task of the tenant holds is refused.</summary>
    private async Task<ManagementResult?> ClaimInboundNumbersAsync()
    {
        var numbers = S.Definition!.InboundNumbers ?? [];
        foreach (var number in numbers)
        {
            var route = await GrainFactory.GetGrain<IInboundNumberGrain>(IInboundNumberGrain.KeyFor(number)).GetRouteAsync();
            if (route is not null && route.Owner != InboundOwner) return ManagementResult.Fail(ManagementError.TaskRefused, $"number {number} is in use");
        }
        foreach (var number in numbers)
        {
            try
            {
                await GrainFactory.GetGrain<IInboundNumberGrain>(IInboundNumberGrain.KeyFor(number)).ClaimAsync(new InboundRoute(TenantId, InboundOwner));
            }
            catch (InvalidOperationException e)
            {
                await ReleaseInboundNumbersAsync();
                return ManagementResult.Fail(ManagementError.TaskRefused, e.Message);
            }
            if (!S.Inbound.ClaimedNumbers.Contains(number)) S.Inbound.ClaimedNumbers.Add(number);
        }
        return null;
    }

    private async Task ReleaseInboundNumbersAsync()
    {
        foreach (var number in S.Inbound.ClaimedNumbers.ToList())
        {
            var grain = GrainFactory.GetGrain<IInboundNumberGrain>(IInboundNumberGrain.KeyFor(number));
            if ((await grain.GetRouteAsync())?.Owner == InboundOwner) await grain.ReleaseAsync(TenantId);
            S.Inbound.ClaimedNumbers.Remove(number);
        }
    }

    /// <summary>At end: the numbers are released (later callers get UNALLOCATED_NUMBER); callers still waiting hear the
    /// information prompt (30/35); calls with an agent finish normally.</summary>
    private async Task EndInboundAsync()
    {
        await ReleaseInboundNumbersAsync();
        await state.WriteStateAsync();
        foreach (var c in S.Inbound.Calls.Values.Where(c => c.Phase is InboundPhase.Answering or InboundPhase.Greeting or InboundPhase.Queued or InboundPhase.RingingAgent).ToList())
            await CloseAsync(c, "ended");
    }

    public async Task OnSwitchEventAsync(SwitchEvent e)
    {
        var callId = e.CallId ?? e.LegId;
        if (e is LegCreated { Direction: LegDirection.Inbound } created && !S.Inbound.Calls.ContainsKey(callId))
        {
            await AdmitAsync(created, callId, answered: false);
            return;
        }
        if (!S.Inbound.Calls.TryGetValue(callId, out var c)) return;
        var isCustomer = e.LegId == c.CustomerLegId;
        var isAgent = c.AgentLegId is not null && e.LegId == c.AgentLegId;
        switch (e)
        {
            case LegAnswered when isCustomer && c.Phase == InboundPhase.Answering:
                c.AnsweredAt = Now;
                await AfterAnswerAsync(c);
                break;

            case PlaybackFinished p when isCustomer && c.Phase == InboundPhase.Greeting && p.Completed:
                await EnqueueAsync(c);
                break;

            case PlaybackFinished p when isCustomer && c.Phase == InboundPhase.Closing && (p.Prompt == O.AbandonPrompt || p.Prompt == IO.ClosedPrompt):
                await HangupInboundLegAsync(c.CustomerLegId);
                break;

            case LegAnswered when isAgent && c.Phase == InboundPhase.RingingAgent:
                await TryInboundAsync(() => Switch.StopPlaybackAsync(c.CustomerLegId));
                if (!await TryInboundAsync(() => Switch.BridgeAsync(c.CustomerLegId, c.AgentLegId!))) break; // a hang-up is on its way
                c.Phase = InboundPhase.Connected;
                c.ConnectedAt = Now;
                c.ConnectedAgent = c.Agent;
                c.RecordingKey = $"{TenantId}/recordings/{(Now + O.LocalTimeOffset).UtcDateTime:yyyy-MM-dd}/{c.CallId}.wav";
                await state.WriteStateAsync();
                if (!await TryInboundAsync(() => Switch.StartRecordingAsync(c.CustomerLegId, c.RecordingKey)))
                {
                    c.RecordingKey = null;
                    await state.WriteStateAsync();
                }
                await AgentOf(c.Agent!).OnCallProgressAsync(InboundProgress(c, AgentCallPhase.Connected));
                await PushControlAsync(c);
                break;

            case LegHungUp hungUp when isCustomer:
                c.CustomerHungUp = true;
                c.CustomerCause = hungUp.Cause;
                c.CustomerBillSeconds = hungUp.BillSeconds;
                if (c.Phase == InboundPhase.Connected) c.FirstToHangUp ??= "customer";
                if (c.Phase is InboundPhase.Answering or InboundPhase.Greeting or InboundPhase.Queued or InboundPhase.RingingAgent) c.Reason ??= "customer";
                await state.WriteStateAsync();
                if (c.AgentLegId is not null && !c.AgentLegHungUp) await HangupInboundLegAsync(c.AgentLegId);
                await EndInboundIfDoneAsync(c);
                break;

            case LegHungUp when isAgent:
                c.AgentLegHungUp = true;
                if (c.Phase == InboundPhase.Connected) c.FirstToHangUp ??= "agent";
                var agent = c.Agent;
                await ReleaseInboundAgentAsync(c, c.Phase == InboundPhase.Connected);
                if (c.Phase == InboundPhase.RingingAgent && !c.CustomerHungUp)
                {
                    // The agent did not pick up: the caller keeps their place at the head of the queue.
                    if (agent is not null) c.Declined.Add(agent);
                    c.Agent = null;
                    c.AgentLegId = null;
                    c.AgentLegHungUp = false;
                    c.Phase = InboundPhase.Queued;
                    await state.WriteStateAsync();
                    await AssignInboundAsync();
                    break;
                }
                await state.WriteStateAsync();
                if (!c.CustomerHungUp && c.Phase != InboundPhase.Closing) await HangupInboundLegAsync(c.CustomerLegId);
                await EndInboundIfDoneAsync(c);
                break;
        }
    }

    private async Task AdmitAsync(LegCreated created, string callId, bool answered)
    {
        var c = new InboundCall
        {
            CallId = callId, CustomerLegId = created.LegId, Caller = created.CallerIdNumber, Dialled = created.DestinationNumber,
            Gateway = created.Gateway, ArrivedAt = Now, Phase = InboundPhase.Answering,
        };
        if (S.Definition is null || !IsInbound || S.Status == CallTaskState.Ended)
        {
            // Not ours (any more): the number should not route here.
            await TryInboundAsync(() => Switch.HangupAsync(created.LegId, HangupCauses.UnallocatedNumber));
            return;
        }
        if (S.Status != CallTaskState.Running) c.Reason = "closed";
        S.Inbound.Calls[callId] = c;
        S.Total++;
        await state.WriteStateAsync();
        if (_pacingTimer is null) StartPacingTimer();
        if (answered)
        {
            c.AnsweredAt ??= Now;
            await AfterAnswerAsync(c);
            return;
        }
        if (!await TryInboundAsync(() => Switch.AnswerAsync(created.LegId)))
        {
            c.CustomerHungUp = true;
            c.Reason ??= "customer";
            await EndInboundIfDoneAsync(c);
        }
    }

    private async Task AfterAnswerAsync(InboundCall c)
    {
        if (c.Reason == "closed")
        {
            c.Phase = InboundPhase.Closing;
            await state.WriteStateAsync();
            if (!await TryInboundAsync(() => Switch.PlayAsync(c.CustomerLegId, IO.ClosedPrompt))) await HangupInboundLegAsync(c.CustomerLegId);
            return;
        }
        if (S.Definition!.VoiceCode is { } voice && (await GrainFactory.GetGrain<IVoiceGrain>(IVoiceGrain.KeyFor(TenantId, voice)).GetAsync())?.BlobKey is { } blob)
        {
            c.Phase = InboundPhase.Greeting;
            await state.WriteStateAsync();
            if (await TryInboundAsync(() => Switch.PlayAsync(c.CustomerLegId, blob))) return;
        }
        await EnqueueAsync(c);
    }

    private async Task EnqueueAsync(InboundCall c)
    {
        var agents = await InboundAgentsAsync();
        if (!agents.Any(IsInboundAvailable))
        {
            await CloseAsync(c, "noagents");
            return;
        }
        c.Phase = InboundPhase.Queued;
        c.QueuedAt = Now;
        c.Sequence = ++S.Inbound.NextSequence;
        await state.WriteStateAsync();
        await TryInboundAsync(() => Switch.PlayAsync(c.CustomerLegId, IO.HoldMusic, loop: true));
        await AssignInboundAsync(agents);
    }

    /// <summary>No agent will come: the prompt plays (the hang-up follows its end) and the reason decides the result.</summary>
    private async Task CloseAsync(InboundCall c, string reason)
    {
        if (c.Phase is InboundPhase.Closing or InboundPhase.Ended or InboundPhase.Connected) return;
        c.Reason ??= reason;
        c.Phase = InboundPhase.Closing;
        await state.WriteStateAsync();
        if (c.AgentLegId is not null && !c.AgentLegHungUp) await HangupInboundLegAsync(c.AgentLegId);
        await ReleaseInboundAgentAsync(c, false);
        if (c.CustomerHungUp)
        {
            await EndInboundIfDoneAsync(c);
            return;
        }
        if (!await TryInboundAsync(() => Switch.PlayAsync(c.CustomerLegId, O.AbandonPrompt))) await HangupInboundLegAsync(c.CustomerLegId);
    }

    private async Task<IReadOnlyList<AgentSnapshot>> InboundAgentsAsync()
    {
        var listed = await GrainFactory.GetGrain<IProjectGrain>(IProjectGrain.KeyFor(TenantId, S.Definition!.ProjectCode)).ListExtensionsAsync();
        return listed.Ok ? listed.Value!.Where(a => a.Role == AgentRole.Agent).ToList() : [];
    }

    /// <summary>Logged in and available for inbound calls (maybe on a call now): registered, enabled, workStatus 1, and
    /// not an off-hook agent (workType 20, whose parked leg serves outbound schedule 4). workType 10, 30 or none all take
    /// inbound calls.</summary>
    private static bool IsInboundAvailable(AgentSnapshot a)
        => a is { Registered: true, Enabled: true, WorkStatus: AgentWorkStatus.Idle } && a.WorkType != AgentWorkType.LongConnection;

    /// <summary>Gives the longest-waiting callers to the longest-idle free agents. The agent grain's reservation decides:
    /// a refused offer moves on to the next agent.</summary>
    private async Task AssignInboundAsync(IReadOnlyList<AgentSnapshot>? agents = null)
    {
        if (S.Status == CallTaskState.Ended) return;
        var queued = S.Inbound.Calls.Values.Where(c => c.Phase == InboundPhase.Queued).OrderBy(c => c.Sequence).ToList();
        if (queued.Count == 0) return;
        agents ??= await InboundAgentsAsync();
        var now = Now;
        var free = agents.Where(a => IsInboundAvailable(a) && a.CallId is null && S.Inbound.AgentFreeSince.GetValueOrDefault(a.Username, DateTimeOffset.MinValue) <= now)
            .OrderBy(a => S.Inbound.AgentFreeSince.TryGetValue(a.Username, out var since) ? since : a.LastSessionBeginTime ?? DateTimeOffset.MinValue)
            .ThenBy(a => a.Username, StringComparer.Ordinal)
            .ToList();
        foreach (var agent in free)
        {
            // The first caller in line this agent has not declined.
            var c = queued.FirstOrDefault(q => q.Phase == InboundPhase.Queued && !q.CustomerHungUp && !q.Declined.Contains(agent.Username));
            if (c is null) break;
            var offer = await AgentOf(agent.Username).OfferCallAsync(new AgentOffer(c.CallId, AgentCallKind.Inbound,
                new LegOwner(IInboundCallControlGrain.OwnerKind, IInboundCallControlGrain.KeyFor(TenantId, c.CallId)), c.Caller, Code, S.Definition!.ProjectCode));
            if (!offer.Accepted || offer.SipDomain is null) continue;
            if (c.Phase != InboundPhase.Queued || c.CustomerHungUp)
            {
                await AgentOf(agent.Username).OnCallProgressAsync(new AgentCallProgress(c.CallId, AgentCallPhase.Ended, AgentCallKind.Inbound, c.Caller, Code, Now));
                continue;
            }
            c.Agent = agent.Username;
            c.AgentAttached = true;
            c.AgentLegId = Guid.NewGuid().ToString();
            c.AgentLegHungUp = false;
            c.Phase = InboundPhase.RingingAgent;
            await state.WriteStateAsync();
            await PushControlAsync(c);
            var variables = InboundOwner.ToVariables(TenantId, c.CallId);
            variables[ChannelVariables.Role] = "agent";
            variables[ChannelVariables.Project] = S.Definition.ProjectCode;
            variables[ChannelVariables.Task] = Code;
            var legId = c.AgentLegId;
            if (!await TryInboundAsync(() => Switch.OriginateAsync(new OriginateRequest(legId, c.CallId, new ExtensionEndpoint(agent.Username, offer.SipDomain), c.Caller,
                    RingTimeout: O.AgentRingTimeout, Variables: variables))))
            {
                await ReleaseInboundAgentAsync(c, false);
                c.Declined.Add(agent.Username);
                c.Agent = null;
                c.AgentLegId = null;
                c.Phase = InboundPhase.Queued;
                await state.WriteStateAsync();
            }
        }
    }

    /// <summary>The timer's turn for an inbound task: reconcile after a restart, queue timeouts, no agents left, assignment,
    /// and call log rows that could not be written before.</summary>
    private async Task InboundTickAsync()
    {
        if (!_inboundReconciled) await ReconcileInboundAsync();
        if (S.Status != CallTaskState.Ended && Now >= S.Definition!.ExpiredTime)
        {
            await EndAsync();
            return;
        }
        foreach (var c in S.Inbound.Calls.Values.Where(c => c.Phase == InboundPhase.Ended).ToList()) await FinishInboundAsync(c);
        var timeout = QueueTimeout;
        foreach (var c in S.Inbound.Calls.Values.Where(c => c.Phase is InboundPhase.Queued or InboundPhase.RingingAgent && c.QueuedAt + timeout <= Now).ToList())
            await CloseAsync(c, "timeout");
        if (S.Inbound.Calls.Values.Any(c => c.Phase == InboundPhase.Queued))
        {
            var agents = await InboundAgentsAsync();
            if (!agents.Any(IsInboundAvailable))
            {
                foreach (var c in S.Inbound.Calls.Values.Where(c => c.Phase == InboundPhase.Queued).ToList()) await CloseAsync(c, "noagents");
            }
            else
            {
                await AssignInboundAsync(agents);
            }
        }
        if (S.Status != CallTaskState.Running && S.Inbound.Calls.Count == 0)
        {
            _pacingTimer?.Dispose();
            _pacingTimer = null;
        }
        if (Now - _lastProgressAt >= O.ProgressInterval) await PublishProgressAsync(force: false);
    }

    /// <summary>After a restart: legs the switch no longer has are hung up; callers on the task's numbers that arrived
    /// while the task was not there to record them are adopted; waiting callers get their hold music again.</summary>
    private async Task ReconcileInboundAsync()
    {
        _inboundReconciled = true;
        IReadOnlyList<LiveLeg> legs;
        try
        {
            legs = await Switch.ListLegsAsync();
        }
        catch (SwitchCommandException e)
        {
            log.LogWarning(e, "Task {Task}: live legs not available; reconciling later", Code);
            _inboundReconciled = false;
            return;
        }
        var live = legs.ToDictionary(l => l.LegId, StringComparer.Ordinal);
        foreach (var c in S.Inbound.Calls.Values.ToList())
        {
            if (!c.CustomerHungUp && !live.ContainsKey(c.CustomerLegId))
            {
                c.CustomerHungUp = true;
                c.CustomerCause ??= HangupCauses.NormalTemporaryFailure;
                if (c.Phase != InboundPhase.Connected) c.Reason ??= "customer";
            }
            if (c.AgentLegId is { } a && !c.AgentLegHungUp && !live.ContainsKey(a))
            {
                c.AgentLegHungUp = true;
                await ReleaseInboundAgentAsync(c, c.Phase == InboundPhase.Connected);
                if (c.Phase == InboundPhase.RingingAgent && !c.CustomerHungUp)
                {
                    c.Agent = null;
                    c.AgentLegId = null;
                    c.AgentLegHungUp = false;
                    c.Phase = InboundPhase.Queued;
                }
            }
            if (c.Phase == InboundPhase.Queued && !c.CustomerHungUp) await TryInboundAsync(() => Switch.PlayAsync(c.CustomerLegId, IO.HoldMusic, loop: true));
        }
        await state.WriteStateAsync();
        foreach (var c in S.Inbound.Calls.Values.ToList()) await EndInboundIfDoneAsync(c);
        foreach (var leg in legs.Where(l => l.Direction == LegDirection.Inbound && l.Variables.GetValueOrDefault(ChannelVariables.Owner) == this.GetPrimaryKeyString()
                     && l.Variables.GetValueOrDefault(ChannelVariables.Role) is null or "customer"))
        {
            var callId = leg.CallId ?? leg.LegId;
            if (S.Inbound.Calls.ContainsKey(callId)) continue;
            await AdmitAsync(new LegCreated(leg.Direction, leg.CallerIdNumber, leg.DestinationNumber, null, null) { LegId = leg.LegId, CallId = callId, Timestamp = Now },
                callId, answered: leg.AnsweredAt is not null);
        }
    }

    private async Task EndInboundIfDoneAsync(InboundCall c)
    {
        if (!c.CustomerHungUp) return;
        if (c.AgentLegId is not null && !c.AgentLegHungUp) return;
        c.Phase = InboundPhase.Ended;
        c.EndedAt ??= Now;
        await FinishInboundAsync(c);
    }

    /// <summary>Writes the call's one log row, then counts it (the counters never run ahead of the logs).</summary>
    private async Task FinishInboundAsync(InboundCall c)
    {
        await ReleaseInboundAgentAsync(c, c.ConnectedAt is not null);
        var record = InboundRecord(c);
        // Inbound callers come in through the task's numbers, not a trunk the task reserved: no gateway to release.
        if (!await CallCloseOut.ReleaseAndLogAsync(GrainFactory, callLogs, record, gatewayCode: null, log))
        {
            await state.WriteStateAsync();
            return;
        }
        S.Inbound.Calls.Remove(c.CallId);
        var end = c.EndedAt ?? Now;
        Account(new DialCallOutcome(c.CallId, c.Caller, record.Result, record.ResultDetail, c.AnsweredAt is not null, record.Result == CallResults.Missed,
            c.ConnectedAgent, 0, c.ConnectedAt is { } at ? (end - at).TotalSeconds : 0, c.ConnectedAt is { } cc ? (cc - (c.QueuedAt ?? cc)).TotalMilliseconds : 0));
        await state.WriteStateAsync();
        await PushControlAsync(c, ended: true);
        if (S.Status == CallTaskState.Ended && LiveCalls == 0 && await this.GetReminder(KeepAlive) is { } reminder) await this.UnregisterReminder(reminder);
    }

    private CallLogRecord InboundRecord(InboundCall c)
    {
        (int Result, int Detail) outcome = c.ConnectedAt is not null
            ? CallResultClassifier.Connected(c.FirstToHangUp != "customer")
            : CallResultClassifier.NoAgentReached(c.Reason == "customer", c.Reason == "timeout");
        var end = c.EndedAt ?? Now;
        var gateway = S.Gateways.FirstOrDefault()?.Code;
        return new CallLogRecord(TenantId, c.CallId, AgentCallKind.Inbound, S.Definition!.ProjectCode, Code,
            CallerIdNumber: c.ConnectedAgent, DestinationNumber: c.Caller, RecordingBlobKey: c.ConnectedAt is not null ? c.RecordingKey : null,
            StartTime: c.ArrivedAt, EndTime: end, DurationSeconds: (int)Math.Max(0, Math.Round((end - c.ArrivedAt).TotalSeconds)),
            BillSeconds: c.AnsweredAt is not null ? c.CustomerBillSeconds : 0, PriceRule: null, PriceCal: null,
            Result: outcome.Result, ResultDetail: outcome.Detail, Evaluation: null, HangupCause: c.CustomerCause, GatewayCode: gateway);
    }

    private async Task ReleaseInboundAgentAsync(InboundCall c, bool talked)
    {
        if (!c.AgentAttached || c.Agent is not { } agent) return;
        c.AgentAttached = false;
        if (talked) S.Inbound.AgentFreeSince[agent] = Now + TimeSpan.FromSeconds(WrapUp);
        await state.WriteStateAsync();
        await AgentOf(agent).OnCallProgressAsync(InboundProgress(c, AgentCallPhase.Ended));
    }

    private Task PushControlAsync(InboundCall c, bool ended = false)
    {
        var control = GrainFactory.GetGrain<IInboundCallControlGrain>(IInboundCallControlGrain.KeyFor(TenantId, c.CallId));
        if (ended || c.Agent is null) return control.UpdateAsync(null);
        return control.UpdateAsync(new AgentCallInfo(TenantId, c.CallId, AgentCallKind.Inbound,
            c.Phase == InboundPhase.Connected ? AgentCallState.Connected : AgentCallState.RingingAgent, c.Agent, c.Caller, S.Definition!.ProjectCode, Code,
            c.AgentLegId, c.CustomerLegId, S.Gateways.FirstOrDefault()?.Code, c.ArrivedAt, c.ConnectedAt));
    }

    private AgentCallProgress InboundProgress(InboundCall c, AgentCallPhase phase) => new(c.CallId, phase, AgentCallKind.Inbound, c.Caller, Code, Now);

    private IAgentGrain AgentOf(string username) => GrainFactory.GetGrain<IAgentGrain>(IAgentGrain.KeyFor(TenantId, username));

    private async Task HangupInboundLegAsync(string? legId)
    {
        if (legId is null) return;
        await TryInboundAsync(() => Switch.HangupAsync(legId));
    }

    private async Task<bool> TryInboundAsync(Func<Task> command)
    {
        try
        {
            await command();
            return true;
        }
        catch (SwitchCommandException e)
        {
            log.LogDebug(e, "Task {Task}: switch command refused", Code);
            return false;
        }
    }
}
