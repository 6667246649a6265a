using CallCenter.Dialer;
using CallCenter.Grains.Dialer.Pacing;
using CallCenter.Grains.Management.Events;
using CallCenter.Management;
using CallCenter.Management.Agents;
using CallCenter.Management.Events;
using CallCenter.Management.Gateways;
using CallCenter.Management.Projects;
using CallCenter.Management.Voices;
using CallCenter.Tenancy;
using Microsoft.Extensions.Logging;

namespace CallCenter.Grains.Dialer;

/// <summary>The task's pacing turn: who is free, how many calls to launch, which customer goes to which agent.</summary>
public sealed partial class DialTaskGrain
{
    private async Task RefreshAgentsAsync()
    {
        var listed = await GrainFactory.GetGrain<IProjectGrain>(IProjectGrain.KeyFor(TenantId, S.Definition!.ProjectCode)).ListExtensionsAsync();
        if (!listed.Ok) return;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var snapshot in listed.Value!)
        {
            if (snapshot.Role != AgentRole.Agent) continue;
            seen.Add(snapshot.Username);
            if (!_agents.TryGetValue(snapshot.Username, out var view)) _agents[snapshot.Username] = view = new AgentView();
            view.Snapshot = snapshot;
            // A reservation this task made is over once the agent grain no longer shows the call.
            if (view.AssignedCall is { } call && snapshot.CallId != call && !S.InFlight.ContainsKey(call)) view.AssignedCall = null;
        }
        foreach (var gone in _agents.Keys.Where(k => !seen.Contains(k)).ToList()) _agents.Remove(gone);
        _sipDomain ??= (await GrainFactory.GetGrain<ITenantGrain>(TenantId).GetProfileAsync())?.SipDomain;
    }

    private bool IsFree(AgentView v)
        => v.AssignedCall is null && v.FreeAt <= Now && v.Snapshot is { Registered: true, Enabled: true, WorkStatus: AgentWorkStatus.Idle, CallId: null };

    /// <summary>Gives waiting customers to free agents, longest-free first. The agent grain's reservation is the arbiter:
    /// a refused offer (the agent went busy, another call took them) just moves on to the next agent.</summary>
    private async Task AssignAgentsAsync()
    {
        if (_waiting.Count == 0) return;
        if (_agents.Count == 0) await RefreshAgentsAsync();
        if (_sipDomain is null) return;
        foreach (var view in _agents.Values.Where(IsFree).OrderBy(v => v.FreeAt).ToList())
        {
            if (_waiting.First is not { } first) return;
            var callId = first.Value;
            if (!S.InFlight.TryGetValue(callId, out var call))
            {
                _waiting.RemoveFirst();
                continue;
            }
            var controller = new CallCenter.Calls.LegOwner(IDialCallGrain.OwnerKind, IDialCallGrain.KeyFor(TenantId, callId));
            var offer = await GrainFactory.GetGrain<IAgentGrain>(IAgentGrain.KeyFor(TenantId, view.Snapshot.Username))
                .OfferCallAsync(new AgentOffer(callId, AgentCallKind.Predictive, controller, call.Number, Code, S.Definition!.ProjectCode));
            if (offer.Agent is not null) view.Snapshot = offer.Agent;
            if (!offer.Accepted) continue;
            _waiting.RemoveFirst();
            view.AssignedCall = callId;
            view.AssignedAt = Now;
            call.Agent = view.Snapshot.Username;
            await GrainFactory.GetGrain<IDialCallGrain>(IDialCallGrain.KeyFor(TenantId, callId)).ConnectAgentAsync(view.Snapshot.Username, offer.SipDomain ?? _sipDomain);
        }
    }

    private async Task PaceAsync()
    {
        var d = S.Definition!;
        if (S.Status != CallTaskState.Running || d.CallType == TaskCallType.Preview) return;
        if (_agents.Count == 0) await RefreshAgentsAsync();
        var now = Now;
        var idle = _agents.Values.Count(IsFree);
        var onCall = _agents.Values.Where(v => v.AssignedCall is not null).ToList();
        var ringing = S.InFlight.Values.Where(c => c.Agent is null && !_waiting.Contains(CallIdOf(c))).Select(c => (now - c.LaunchedAt).TotalSeconds).ToList();
        var wrap = _agents.Values.Where(v => v.AssignedCall is null && v.FreeAt > now && v.Snapshot.WorkStatus == AgentWorkStatus.Idle)
            .Select(v => (v.FreeAt - now).TotalSeconds).ToList();
        var measured = Math.Max(RateWithMinimum(S.Abandons.Last24Hours(now)), RateWithMinimum(S.Abandons.Last30Days(now)));
        var inputs = new PacingInputs(idle, onCall.Count, ringing, _waiting.Count, wrap, onCall.Select(v => (now - v.AssignedAt).TotalSeconds).ToList(),
            S.Rate, AnswerProbability(), MeanRing(), MeanTalk(), WrapUp, O.AbandonTimeout.TotalSeconds, d.AbandonCap ?? O.DefaultAbandonCap, measured);

        PacingDecision decision;
        if (d.ScheduleType == ScheduleType.AgentFirst)
        {
            // Agent-first calls reserve their agent before dialling: one per free agent, whatever the mode.
            decision = new PacingDecision(idle, 0, idle, 0, "agent-first: one call per free agent");
        }
        else
        {
            decision = Pacers.For(Mode).Decide(inputs);
        }
        var wanted = Math.Min(decision.Launch, O.MaxLaunchPerDecision);
        var launched = wanted > 0
            ? d.ScheduleType == ScheduleType.AgentFirst ? await LaunchAgentFirstAsync(wanted) : await LaunchAsync(wanted)
            : 0;
        _lastDecision = new PacingSnapshot(now, Mode, idle, onCall.Count, ringing.Count, _waiting.Count, decision.ExpectedAnswers, decision.ExpectedFreeAgents,
            decision.EffectiveCap, wanted, launched, decision.Reason);
    }

    /// <summary>The measured rate counts only once enough customers answered for it to mean something.</summary>
    private static double RateWithMinimum((long Answered, long Abandoned) counts) => counts.Answered < 30 ? 0 : AbandonRateWindow.Rate(counts);

    private string CallIdOf(InFlightCall call) => call.Plan?.CallId ?? "";

    /// <summary>Takes up to <paramref name="wanted"/> numbers, reserves a gateway channel for each within the task's
    /// per-gateway concurrency, counts it against the daily limit, persists cursor and in-flight calls, then starts them.</summary>
    private async Task<int> LaunchAsync(int wanted)
    {
        var d = S.Definition!;
        string? voiceKey = null;
        if (d.VoiceCode is { } voice) voiceKey = (await GrainFactory.GetGrain<IVoiceGrain>(IVoiceGrain.KeyFor(TenantId, voice)).GetAsync())?.BlobKey;
        var perGateway = S.InFlight.Values.Where(c => c.GwCode is not null).GroupBy(c => c.GwCode!).ToDictionary(g => g.Key, g => g.Count());
        var started = new List<DialCallPlan>();
        var limit = d.DailyLimit ?? O.DailyLimitPerNumber;
        var changed = false;
        while (started.Count < wanted)
        {
            var entry = await NextEntryAsync();
            if (entry is null) break;
            if (_blocked.Contains(entry.Number))
            {
                _entries.Dequeue();
                S.Cursor = entry.Id;
                S.SkippedBlacklisted++;
                changed = true;
                continue;
            }
            var callId = Guid.NewGuid().ToString();
            GatewayReservation? reservation = null;
            foreach (var gw in S.Gateways)
            {
                if (perGateway.GetValueOrDefault(gw.Code) >= gw.Concurrency) continue;
                var reserved = await GrainFactory.GetGrain<IGatewayGrain>(IGatewayGrain.KeyFor(TenantId, gw.Code)).TryReserveAsync(new GatewayReservationRequest(callId, entry.Number));
                if (reserved.Ok)
                {
                    reservation = reserved.Value;
                    break;
                }
            }
            if (reservation is null) break; // every gateway is at its task or channel limit: the entry waits for the next turn
            if (!await GrainFactory.GetGrain<INumberUsageGrain>(INumberUsageGrain.KeyFor(TenantId, entry.Number)).TryCountAsync(LocalDate, limit, callId))
            {
                await GrainFactory.GetGrain<IGatewayGrain>(IGatewayGrain.KeyFor(TenantId, reservation.GwCode)).ReleaseAsync(new GatewayRelease(callId, 0, null));
                _entries.Dequeue();
                S.Cursor = entry.Id;
                S.SkippedDailyLimit++;
                changed = true;
                continue;
            }
            _entries.Dequeue();
            var plan = new DialCallPlan(callId, Code, d.ProjectCode, entry.Number, d.ScheduleType, reservation, voiceKey, O.CustomerRingTimeout, O.AbandonTimeout);
            S.Cursor = entry.Id;
            S.Total++;
            S.InFlight[callId] = new InFlightCall { EntryId = entry.Id, Number = entry.Number, GwCode = reservation.GwCode, LaunchedAt = Now, Plan = plan };
            perGateway[reservation.GwCode] = perGateway.GetValueOrDefault(reservation.GwCode) + 1;
            started.Add(plan);
        }
        if (started.Count == 0 && !changed) return 0;
        // The durable mark: cursor and in-flight calls are stored before anything is dialled.
        await state.WriteStateAsync();
        foreach (var plan in started)
        {
            try
            {
                await GrainFactory.GetGrain<IDialCallGrain>(IDialCallGrain.KeyFor(TenantId, plan.CallId)).StartAsync(plan);
            }
            catch (Exception e)
            {
                // The call stays in flight; the reconciliation on the next activation starts it (idempotently).
                log.LogError(e, "Task {Task}: call {CallId} could not be started", Code, plan.CallId);
                _reconciled = false;
            }
        }
        return started.Count;
    }

    /// <summary>Schedule 3: the agent's phone rings first, then the customer (the agent-call grain does the call and
    /// reports its outcome to this task when its call log is written).</summary>
    private async Task<int> LaunchAgentFirstAsync(int wanted)
    {
        var d = S.Definition!;
        var launched = 0;
        var limit = d.DailyLimit ?? O.DailyLimitPerNumber;
        foreach (var view in _agents.Values.Where(IsFree).Take(wanted).ToList())
        {
            CallListEntry? entry;
            while (true)
            {
                entry = await NextEntryAsync();
                if (entry is null) break;
                if (_blocked.Contains(entry.Number))
                {
                    _entries.Dequeue();
                    S.Cursor = entry.Id;
                    S.SkippedBlacklisted++;
                    continue;
                }
                if (!await GrainFactory.GetGrain<INumberUsageGrain>(INumberUsageGrain.KeyFor(TenantId, entry.Number)).TryCountAsync(LocalDate, limit, $"{Code}:{entry.Id}"))
                {
                    _entries.Dequeue();
                    S.Cursor = entry.Id;
                    S.SkippedDailyLimit++;
                    continue;
                }
                break;
            }
            if (entry is null) break;
            _entries.Dequeue();
            var pendingKey = "pending:" + entry.Id;
            S.Cursor = entry.Id;
            S.InFlight[pendingKey] = new InFlightCall { EntryId = entry.Id, Number = entry.Number, LaunchedAt = Now, AgentFirst = true, Agent = view.Snapshot.Username };
            await state.WriteStateAsync();
            var placed = await GrainFactory.GetGrain<IAgentGrain>(IAgentGrain.KeyFor(TenantId, view.Snapshot.Username))
                .PlaceCallAsync(new AgentDialRequest(AgentCallKind.Predictive, entry.Number, d.ProjectCode, Code, S.Gateways.Select(g => g.Code).ToList()));
            var call = S.InFlight[pendingKey];
            S.InFlight.Remove(pendingKey);
            if (!placed.Ok)
            {
                // Not dialled: the entry goes back, and the agent is left alone until the next snapshot.
                S.Cursor = entry.Id - 1;
                _entries.Clear();
                view.FreeAt = Now + O.PacingInterval;
                await state.WriteStateAsync();
                if (placed.Error == ManagementError.NoGatewayAvailable) break;
                continue;
            }
            S.Total++;
            S.InFlight[placed.Value!] = call;
            view.AssignedCall = placed.Value;
            view.AssignedAt = Now;
            await state.WriteStateAsync();
            launched++;
        }
        return launched;
    }

    private Task PublishStatusAsync()
    {
        var d = S.Definition!;
        var record = new Dictionary<string, string?>
        {
            ["callTaskCode"] = Code,
            ["status"] = ((int)S.Status).ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["projectCode"] = d.ProjectCode,
            ["scheduleType"] = ((int)d.ScheduleType).ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["callType"] = ((int)d.CallType).ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["rate"] = S.Rate.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["expiredTime"] = d.ExpiredTime.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        return this.PublishAsync(new CallTaskStatusChanged(TenantId, Now, d.ProjectCode, Code, (int)S.Status, record));
    }

    /// <summary>/topic/callTaskStatus: periodically, only when something changed (the original's rule), and at once on
    /// pause/end.</summary>
    private async Task PublishProgressAsync(bool force)
    {
        if (S.Definition is not { } d) return;
        var key = $"{S.Total}/{S.Fail}/{S.Reject}/{S.Miss}/{S.Success}/{S.InFlight.Count}/{(int)S.Status}/{S.Rate}";
        _lastProgressAt = Now;
        if (!force && key == _lastProgress) return;
        _lastProgress = key;
        await this.PublishAsync(new CallTaskProgress(TenantId, Now, d.ProjectCode, Code, (int)S.Status, S.Total, S.Fail, S.Reject, S.Miss, S.Success,
            S.InFlight.Count, S.Rate));
    }
}
