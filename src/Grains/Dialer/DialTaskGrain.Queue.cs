using CallCenter.Calls;
using CallCenter.Dialer;
using CallCenter.Grains.Dialer.Inbound;
using CallCenter.Grains.Management.Events;
using CallCenter.Management;
using CallCenter.Management.Agents;
using CallCenter.Management.Events;
using CallCenter.Management.Projects;
using CallCenter.Management.Voices;
using CallCenter.Routing;
using CallCenter.Telephony;
using Microsoft.Extensions.Logging;

namespace CallCenter.Grains.Dialer;

/// <summary>
/// The queue of an inbound task (callType 3 / scheduleType 11). The task claims its numbers at start; the router hands it
/// each caller's new leg, and the task hands the caller to the caller's own <see cref="InboundCallGrain"/>, which answers,
/// greets, plays the hold music, rings and bridges agents, times out, and writes the call log. The task keeps only what
/// is shared between callers: who waits and in which order (FIFO, one sequence number per caller), which agent is offered
/// next (the longest idle of the project's free agents, through the agent grain's reservation), whether any agent is
/// available at all (else 30/35), and the counters (moved when a call reports its logged outcome). Everything here is a
/// no-op for a task without callers.
/// </summary>
public sealed partial class DialTaskGrain : IInboundTaskGrain
{
    private InboundOptions IO => inboundOptions.Value;

    private TimeSpan QueueTimeout => S.Definition?.QueueTimeoutSeconds is { } s ? TimeSpan.FromSeconds(s) : IO.DefaultQueueTimeout;

    private LegOwner InboundOwner => new(IInboundTaskGrain.OwnerKind, this.GetPrimaryKeyString());

    public async Task OnSwitchEventAsync(SwitchEvent e)
    {
        var callId = e.CallId ?? e.LegId;
        if (e is LegCreated { Direction: LegDirection.Inbound } created && !S.Inbound.Calls.ContainsKey(callId))
        {
            await AdmitCallerAsync(created.LegId, callId, created.CallerIdNumber, created.DestinationNumber, created.Gateway, answered: false);
            return;
        }
        // An event of a caller's leg that the switch emitted before the call took the leg over: the call's. (The task
        // awaits the call; the call never awaits the task, so this is no cycle.)
        if (S.Inbound.Calls.ContainsKey(callId)) await InboundCall(callId).OnSwitchEventAsync(e);
    }

    public async Task OnCallerWaitingAsync(string callId)
    {
        // Only a caller just admitted joins the queue: a repeat, or a report that overtook the call's outcome, changes nothing.
        if (!S.Inbound.Calls.TryGetValue(callId, out var caller) || caller.Stage != InboundQueueStage.Admitted) return;
        var agents = await InboundAgentsAsync();
        if (!agents.Any(IsInboundAvailable))
        {
            await CloseCallerAsync(caller, InboundCloseReason.NoAgents);
            await state.WriteStateAsync();
            await PublishQueueIfChangedAsync();
            return;
        }
        caller.Stage = InboundQueueStage.Waiting;
        caller.Sequence = ++S.Inbound.NextSequence;
        await state.WriteStateAsync();
        await AssignInboundAsync(agents);
    }

    public async Task OnAgentReleasedAsync(InboundAgentRelease release)
    {
        // Applied only while the task still has this agent with this caller: a release that arrives after the outcome, or
        // after the task already learnt it from the call's answer, changes nothing.
        if (!S.Inbound.Calls.TryGetValue(release.CallId, out var caller) || caller.Stage != InboundQueueStage.Offered || caller.Agent != release.Username) return;
        caller.Agent = null;
        if (release.Talked) S.Inbound.AgentFreeSince[release.Username] = Now + TimeSpan.FromSeconds(WrapUp);
        if (release.CallerWaiting)
        {
            // The agent did not answer: the caller keeps their place at the head of the queue, and is not offered to them again.
            caller.Declined.Add(release.Username);
            caller.Stage = InboundQueueStage.Waiting;
        }
        else
        {
            caller.Stage = InboundQueueStage.Leaving;
        }
        await state.WriteStateAsync();
        await AssignInboundAsync();
    }

    /// <summary>A caller's call is logged: counted now (the counters never run ahead of the logs).</summary>
    private async Task OnCallerFinishedAsync(DialCallOutcome o, InboundQueueEntry caller)
    {
        Account(o);
        // The agent's wrap-up, unless the release already started it.
        if (caller.Agent is { } agent && agent == o.Agent && o.TalkSeconds > 0) S.Inbound.AgentFreeSince[agent] = Now + TimeSpan.FromSeconds(WrapUp);
        await WriteTaskStateAsync();
        if (S.Status == CallTaskState.Ended && LiveCalls == 0 && await this.GetReminder(KeepAlive) is { } reminder) await this.UnregisterReminder(reminder);
        await AssignInboundAsync();
    }

    /// <summary>At submit: an inbound definition (callType 3 with scheduleType 11) names its numbers, which no other
    /// tenant may hold; any other definition loses its inbound fields, so only an inbound task ever claims numbers (and
    /// from then on "has numbers" is what makes a task inbound: nothing else asks).</summary>
    private async Task<(CallTaskDefinition Definition, ManagementResult? Refused)> CheckInboundPartAsync(CallTaskDefinition d)
    {
        if (d.CallType != TaskCallType.Inbound && d.ScheduleType != ScheduleType.Inbound) return (d with { InboundNumbers = null, QueueTimeoutSeconds = null }, null);
        if (d.CallType != TaskCallType.Inbound || d.ScheduleType != ScheduleType.Inbound)
            return (d, ManagementResult.Fail(ManagementError.InvalidArgument, "inbound tasks need callType 3 with scheduleType 11"));
        if (d.InboundNumbers is not { Count: > 0 } numbers) return (d, ManagementResult.Fail(ManagementError.InvalidArgument, "inboundNumbers is required for inbound tasks"));
        foreach (var number in numbers)
        {
            if (await GrainFactory.GetGrain<IInboundNumberGrain>(IInboundNumberGrain.KeyFor(number)).GetRouteAsync() is { } route && route.TenantId != TenantId)
                return (d, ManagementResult.Fail(ManagementError.TaskRefused, $"number {number} is in use"));
        }
        if (d.VoiceCode is { } voice && await GrainFactory.GetGrain<IVoiceGrain>(IVoiceGrain.KeyFor(TenantId, voice)).GetAsync() is null)
            return (d, ManagementResult.Fail(ManagementError.VoiceNotFound));
        return (d, null);
    }

    /// <summary>At start: the task's numbers (none for a task that dials) route to it. A number another running task of
    /// the tenant holds is refused.</summary>
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

    /// <summary>At end: the numbers are released (later callers get UNALLOCATED_NUMBER); callers not yet with an agent
    /// hear the information prompt (30/35); calls with an agent finish normally.</summary>
    private async Task EndQueueAsync()
    {
        if (S.Inbound.ClaimedNumbers.Count == 0 && S.Inbound.Calls.Count == 0) return;
        await ReleaseInboundNumbersAsync();
        await state.WriteStateAsync();
        foreach (var caller in S.Inbound.Calls.Values.Where(c => c.Stage != InboundQueueStage.Leaving).ToList())
            await CloseCallerAsync(caller, InboundCloseReason.Ended);
        await state.WriteStateAsync();
    }

    /// <summary>The timer's turn for the queue: callers wait, but no agent is available any more (30/35); else assignment.</summary>
    private async Task QueueTickAsync()
    {
        if (!S.Inbound.Calls.Values.Any(c => c.Stage == InboundQueueStage.Waiting)) return;
        var agents = await InboundAgentsAsync();
        if (agents.Any(IsInboundAvailable))
        {
            await AssignInboundAsync(agents);
            return;
        }
        foreach (var caller in S.Inbound.Calls.Values.Where(c => c.Stage == InboundQueueStage.Waiting).ToList())
            await CloseCallerAsync(caller, InboundCloseReason.NoAgents);
        await state.WriteStateAsync();
    }

    /// <summary>A caller comes in (or, after a restart, is found on the switch): recorded and counted first, then handed
    /// to their call grain. Recorded first, so a call grain never holds a caller the task does not know.</summary>
    private async Task AdmitCallerAsync(string legId, string callId, string caller, string dialled, string? gateway, bool answered)
    {
        if (S.Definition is null || S.Status == CallTaskState.Ended || S.Inbound.ClaimedNumbers.Count == 0)
        {
            // Not ours (any more): the number should not route here.
            await TryHangupAsync(legId, HangupCauses.UnallocatedNumber);
            return;
        }
        var entry = new InboundQueueEntry
        {
            CallId = callId, CustomerLegId = legId, Caller = caller, Dialled = dialled, Gateway = gateway, ArrivedAt = Now,
            AnsweredAt = answered ? Now : null, Closed = S.Status != CallTaskState.Running,
        };
        S.Inbound.Calls[callId] = entry;
        S.Total++;
        await state.WriteStateAsync();
        if (_pacingTimer is null) StartPacingTimer();
        await InboundCall(callId).AdmitAsync(PlanFor(entry));
    }

    /// <summary>After a restart: every caller the task holds is admitted again (idempotent), which says where the call is
    /// (and activates it, so it reconciles its legs); callers the router adopted for this task but whose record was lost
    /// with the task's write are found on the switch and taken in.</summary>
    private async Task ReconcileQueueAsync()
    {
        foreach (var caller in S.Inbound.Calls.Values.ToList())
        {
            InboundCallStatus status;
            try
            {
                status = await InboundCall(caller.CallId).AdmitAsync(PlanFor(caller));
            }
            catch (Exception e)
            {
                log.LogWarning(e, "Task {Task}: caller {CallId} not reconciled yet", Code, caller.CallId);
                _reconciled = false;
                continue;
            }
            await ApplyCallStatusAsync(caller, status);
        }
        if (S.Inbound.ClaimedNumbers.Count == 0) return;
        IReadOnlyList<LiveLeg> legs;
        try
        {
            legs = await telephony.ListLegsAsync();
        }
        catch (SwitchCommandException e)
        {
            log.LogWarning(e, "Task {Task}: live legs not available; reconciling later", Code);
            _reconciled = false;
            return;
        }
        var key = this.GetPrimaryKeyString();
        foreach (var leg in legs.Where(l => l.Direction == LegDirection.Inbound && l.Variables.GetValueOrDefault(ChannelVariables.Owner) == key
                     && l.Variables.GetValueOrDefault(ChannelVariables.Role) is null or "customer"))
        {
            var callId = leg.CallId ?? leg.LegId;
            if (S.Inbound.Calls.ContainsKey(callId)) continue;
            await AdmitCallerAsync(leg.LegId, callId, leg.CallerIdNumber, leg.DestinationNumber, gateway: null, answered: leg.AnsweredAt is not null);
        }
    }

    /// <summary>Brings the task's record of a caller in line with the call (reports may have been lost with the old process).</summary>
    private async Task ApplyCallStatusAsync(InboundQueueEntry caller, InboundCallStatus status)
    {
        if (status.Outcome is { } outcome)
        {
            // Logged, but the report did not reach the task before the crash.
            if (S.Inbound.Calls.Remove(caller.CallId)) await OnCallerFinishedAsync(outcome, caller);
            return;
        }
        switch (status.Phase)
        {
            case InboundCallPhase.Answering or InboundCallPhase.Greeting:
                break;
            case InboundCallPhase.Waiting:
                if (caller.Stage == InboundQueueStage.Admitted) caller.Sequence = ++S.Inbound.NextSequence;
                if (caller.Stage == InboundQueueStage.Offered && caller.Agent is { } reserved)
                {
                    // Reserved, but the call never rang them (or their release was lost): the reservation goes back.
                    await AgentOf(reserved).OnCallProgressAsync(new AgentCallProgress(caller.CallId, AgentCallPhase.Ended, AgentCallKind.Inbound, caller.Caller, Code, Now));
                }
                caller.Agent = null;
                caller.Stage = InboundQueueStage.Waiting;
                break;
            case InboundCallPhase.RingingAgent or InboundCallPhase.Connected:
                caller.Stage = InboundQueueStage.Offered;
                caller.Agent = status.Agent;
                break;
            default:
                caller.Stage = InboundQueueStage.Leaving;
                caller.Agent = null;
                break;
        }
    }

    /// <summary>Every queue change ends here (or in the no-agents refusal): the callers go to free agents, then the queue's
    /// new shape is published if it changed.</summary>
    private async Task AssignInboundAsync(IReadOnlyList<AgentSnapshot>? agents = null)
    {
        await AssignWaitingCallersAsync(agents);
        await PublishQueueIfChangedAsync();
    }

    /// <summary>The last queue snapshot published, in memory: after a reactivation the next change publishes again (at
    /// least once).</summary>
    private (int Waiting, int Offered, DateTimeOffset? Oldest)? _publishedQueue;

    private async Task PublishQueueIfChangedAsync()
    {
        if (S.Definition is not { } d || S.Inbound.Calls.Count == 0 && _publishedQueue is null) return;
        var waiting = S.Inbound.Calls.Values.Where(c => c.Stage == InboundQueueStage.Waiting).ToList();
        var snapshot = (waiting.Count, S.Inbound.Calls.Values.Count(c => c.Stage == InboundQueueStage.Offered), waiting.Count == 0 ? (DateTimeOffset?)null : waiting.Min(c => c.ArrivedAt));
        if (_publishedQueue == snapshot) return;
        _publishedQueue = snapshot;
        await GrainFactory.PublishAsync(new InboundQueueChanged(TenantId, Now, d.ProjectCode, Code, snapshot.Item1, snapshot.Item2, snapshot.Item3));
    }

    /// <summary>Gives the longest-waiting callers to the longest-idle free agents. The agent grain's reservation decides:
    /// a refused offer moves on to the next agent.</summary>
    private async Task AssignWaitingCallersAsync(IReadOnlyList<AgentSnapshot>? agents)
    {
        if (S.Status == CallTaskState.Ended) return;
        var queued = S.Inbound.Calls.Values.Where(c => c.Stage == InboundQueueStage.Waiting).OrderBy(c => c.Sequence).ToList();
        if (queued.Count == 0) return;
        agents ??= await InboundAgentsAsync();
        var now = Now;
        // An agent the task gave a caller stays theirs until the call releases them (their wrap-up starts then).
        var withCaller = S.Inbound.Calls.Values.Select(c => c.Agent).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var free = agents.Where(a => IsInboundAvailable(a) && a.CallId is null && !withCaller.Contains(a.Username)
                && S.Inbound.AgentFreeSince.GetValueOrDefault(a.Username, DateTimeOffset.MinValue) <= now)
            .OrderBy(a => S.Inbound.AgentFreeSince.TryGetValue(a.Username, out var since) ? since : a.LastSessionBeginTime ?? DateTimeOffset.MinValue)
            .ThenBy(a => a.Username, StringComparer.Ordinal)
            .ToList();
        foreach (var agent in free)
        {
            // The first caller in line this agent has not declined.
            var caller = queued.FirstOrDefault(q => q.Stage == InboundQueueStage.Waiting && !q.Declined.Contains(agent.Username));
            if (caller is null) continue;
            var offer = await AgentOf(agent.Username).OfferCallAsync(new AgentOffer(caller.CallId, AgentCallKind.Inbound,
                new LegOwner(IInboundCallGrain.OwnerKind, DialerKeys.InboundCall(TenantId, caller.CallId)), caller.Caller, Code, S.Definition!.ProjectCode));
            if (!offer.Accepted) continue;
            if (offer.SipDomain is not { } domain)
            {
                // Nowhere to ring the agent: the reservation goes back.
                await AgentOf(agent.Username).OnCallProgressAsync(new AgentCallProgress(caller.CallId, AgentCallPhase.Ended, AgentCallKind.Inbound, caller.Caller, Code, Now));
                continue;
            }
            // Stored before the call rings the agent, so a restarted task knows whom it gave the caller.
            caller.Stage = InboundQueueStage.Offered;
            caller.Agent = agent.Username;
            await state.WriteStateAsync();
            switch (await InboundCall(caller.CallId).RingAgentAsync(agent.Username, domain))
            {
                case InboundRingResult.Ringing:
                    break;
                case InboundRingResult.AgentUnreachable:
                    caller.Agent = null;
                    caller.Declined.Add(agent.Username);
                    caller.Stage = InboundQueueStage.Waiting;
                    await state.WriteStateAsync();
                    break;
                default:
                    // Gone or leaving (hung up, timed out): out of the queue; the outcome follows.
                    caller.Agent = null;
                    caller.Stage = InboundQueueStage.Leaving;
                    await state.WriteStateAsync();
                    break;
            }
        }
    }

    /// <summary>No agent will come: the call plays the prompt and ends (it refuses if the caller is with an agent already).</summary>
    private async Task CloseCallerAsync(InboundQueueEntry caller, InboundCloseReason reason)
    {
        if (await InboundCall(caller.CallId).CloseAsync(reason))
        {
            caller.Stage = InboundQueueStage.Leaving;
            caller.Agent = null;
        }
    }

    private InboundCallPlan PlanFor(InboundQueueEntry caller)
    {
        var d = S.Definition!;
        return new InboundCallPlan(caller.CallId, Code, d.ProjectCode, caller.CustomerLegId, caller.Caller, caller.Dialled, caller.Gateway,
            S.Gateways.FirstOrDefault()?.Code, caller.ArrivedAt, caller.AnsweredAt is not null, caller.Closed, d.VoiceCode, QueueTimeout);
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

    private IInboundCallGrain InboundCall(string callId) => GrainFactory.GetGrain<IInboundCallGrain>(DialerKeys.InboundCall(TenantId, callId));

    private IAgentGrain AgentOf(string username) => GrainFactory.GetGrain<IAgentGrain>(IAgentGrain.KeyFor(TenantId, username));

    private async Task TryHangupAsync(string legId, string cause)
    {
        try
        {
            await telephony.HangupAsync(legId, cause);
        }
        catch (SwitchCommandException e)
        {
            log.LogDebug(e, "Task {Task}: leg {LegId} already gone", Code, legId);
        }
    }
}
