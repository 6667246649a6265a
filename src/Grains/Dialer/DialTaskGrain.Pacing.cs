using CallCenter.Dialer;
using CallCenter.Grains.Dialer.Pacing;
using CallCenter.Grains.Management.Events;
using CallCenter.Grains.Telemetry;
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
        _agentsRefreshedAt = Now;
        _sipDomain ??= (await GrainFactory.GetGrain<ITenantGrain>(TenantId).GetProfileAsync())?.SipDomain;
    }

    private bool IsFree(AgentView v)
        => v.AssignedCall is null && v.FreeAt <= Now && v.Snapshot is { Registered: true, Enabled: true, WorkStatus: AgentWorkStatus.Idle, CallId: null }
            && FitsScheduleOffHook(v.Snapshot);

    /// <summary>A schedule-4 task offers customers only to agents whose off-hook leg is up (they are joined, not rung);
    /// every other schedule leaves off-hook agents (workType 20) alone, as their phone is held by the off-hook leg.</summary>
    private bool FitsScheduleOffHook(AgentSnapshot agent)
        => S.Definition?.ScheduleType == ScheduleType.OffHookAgent
            ? agent.OffHookLegId is not null
            : agent.OffHookLegId is null && agent.WorkType != AgentWorkType.LongConnection;

    /// <summary>Gives waiting customers to free agents, longest-free first. The agent grain's reservation is the arbiter:
    /// a refused offer (the agent went busy, another call took them) just moves on to the next agent.</summary>
    private async Task AssignAgentsAsync()
    {
        if (_waiting.Count == 0) return;
        if (_agents.Count == 0) await RefreshAgentsAsync();
        if (_sipDomain is null) return;
        DropAbandonedWaiting();
        // Offers go out together (one free agent per waiting customer, longest-free first); refused ones are retried
        // with the agents left, so the agent grains' reservation writes share group commits instead of queueing.
        var free = new Queue<AgentView>(_agents.Values.Where(IsFree).OrderBy(v => v.FreeAt));
        while (_waiting.Count > 0 && free.Count > 0)
        {
            var round = new List<Task<OfferOutcome>>();
            for (var node = _waiting.First; node is not null && free.Count > 0;)
            {
                var next = node.Next;
                if (!S.InFlight.TryGetValue(node.Value, out var call))
                {
                    _waiting.Remove(node);
                }
                else
                {
                    round.Add(OfferAsync(free.Dequeue(), node.Value, call));
                }
                node = next;
            }
            if (round.Count == 0) return;
            foreach (var o in await Task.WhenAll(round))
            {
                if (o.Offer.Agent is not null) o.View.Snapshot = o.Offer.Agent;
                if (!o.Offer.Accepted) continue;
                _waiting.Remove(o.CallId);
                o.View.AssignedCall = o.CallId;
                o.View.AssignedAt = Now;
                if (S.InFlight.TryGetValue(o.CallId, out var call)) call.Agent = o.View.Snapshot.Username;
                await SendConnectAsync(o.CallId, o.View.Snapshot.Username, o.Offer.SipDomain ?? _sipDomain);
            }
        }
    }

    /// <summary>Answered customers (waiting, connected or abandoned) by call id, with when they became ready.</summary>
    private readonly Dictionary<string, DateTimeOffset> _readyAt = new(StringComparer.Ordinal);
    private IDisposable? _wakeTimer;
    private DateTimeOffset _wakeAt;

    /// <summary>Event hook: a customer answered (and heard the voice, if any). Assign at once, then re-pace.</summary>
    private Task OnCustomerAnsweredAsync(string callId)
    {
        _readyAt[callId] = Now;
        return PostContinueAsync();
    }

    /// <summary>Event hook, before the task's state is written: learn from the outcome and free the agent's view.</summary>
    private void OnPacingOutcome(DialCallOutcome o, string? agent)
    {
        _readyAt.Remove(o.CallId);
        if (!o.Answered && o.RingSeconds >= O.CustomerRingTimeout.TotalSeconds - 1) S.Measured.RingOuts++;
        // The agent grain released the call before the outcome was reported: the view need not wait for a refresh.
        if (agent is not null && _agents.TryGetValue(agent, out var view) && view.Snapshot?.CallId == o.CallId)
            view.Snapshot = view.Snapshot with { CallId = null };
    }


    /// <summary>Customers who answered more than the abandon timeout ago were abandoned by their call grain (they hear
    /// the message until their call ends): they are neither waiting for an agent nor ringing.</summary>
    private void DropAbandonedWaiting()
    {
        var limit = Now - O.AbandonTimeout;
        for (var node = _waiting.First; node is not null;)
        {
            var next = node.Next;
            if (_readyAt.TryGetValue(node.Value, out var at) && at < limit) _waiting.Remove(node);
            node = next;
        }
    }

    /// <summary>Wakes the task when the next agent leaves wrap-up, so a free agent is used (and paced for) at once.</summary>
    private void ScheduleWake()
    {
        var now = Now;
        DateTimeOffset? next = null;
        foreach (var v in _agents.Values)
        {
            if (v.AssignedCall is null && v.FreeAt > now && (next is null || v.FreeAt < next)) next = v.FreeAt;
        }
        if (next is not { } at || (_wakeTimer is not null && _wakeAt == at)) return;
        _wakeTimer?.Dispose();
        _wakeAt = at;
        _wakeTimer = this.RegisterGrainTimer(() => OnWakeAsync(), at - now, Timeout.InfiniteTimeSpan);
    }

    private async Task OnWakeAsync()
    {
        _wakeTimer?.Dispose();
        _wakeTimer = null;
        if (S.Definition is null || S.Status != CallTaskState.Running) return;
        await AssignAgentsAsync();
        await PaceAsync();
    }

    private async Task PaceAsync()
    {
        var d = S.Definition!;
        // Nothing to dial: a preview task hands its numbers out, an inbound task has no list.
        if (S.Status != CallTaskState.Running || d.CallType == TaskCallType.Preview || S.ListId is null) return;
        if (_agents.Count == 0) await RefreshAgentsAsync();
        DropAbandonedWaiting();
        var now = Now;
        var idle = _agents.Values.Count(IsFree);
        var onCall = _agents.Values.Where(v => v.AssignedCall is not null).ToList();
        var ringing = S.InFlight.Where(kv => kv.Value.Agent is null && !_readyAt.ContainsKey(kv.Key)).Select(kv => (now - kv.Value.LaunchedAt).TotalSeconds).ToList();
        var wrap = _agents.Values.Where(v => v.AssignedCall is null && v.FreeAt > now && v.Snapshot.WorkStatus == AgentWorkStatus.Idle)
            .Select(v => (v.FreeAt - now).TotalSeconds).ToList();
        var cap = d.AbandonCap ?? O.DefaultAbandonCap;
        var measured = Math.Max(SmoothedRate(S.Abandons.Last24Hours(now), cap), SmoothedRate(S.Abandons.Last30Days(now), cap));
        var perGateway = S.InFlight.Values.Where(c => c.GwCode is not null).GroupBy(c => c.GwCode!).ToDictionary(g => g.Key, g => g.Count());
        var capacity = S.Gateways.Sum(g => Math.Max(0, g.Concurrency - perGateway.GetValueOrDefault(g.Code)));
        var m = S.Measured;
        // Customers who answered but whose call is not finished are answers already (else the estimate sees only failures).
        var answeredInFlight = S.InFlight.Count(kv => kv.Value.Agent is not null || _readyAt.ContainsKey(kv.Key));
        var inputs = new PacingInputs(idle, onCall.Count, ringing, _waiting.Count, wrap, onCall.Select(v => (now - v.AssignedAt).TotalSeconds).ToList(),
            S.Rate, AnswerProbability(), MeanRing(), MeanTalk(), WrapUp, O.AbandonTimeout.TotalSeconds, cap, measured,
            m.Attempts + answeredInFlight, m.Answered + answeredInFlight, m.RingOuts, O.CustomerRingTimeout.TotalSeconds, capacity);

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
        // One slice per turn; the rest of the decision is re-decided in the next turn, after the events queued meanwhile.
        var slice = Math.Min(wanted, Math.Max(1, O.MaxLaunchPerTurn));
        var launched = slice > 0
            ? d.ScheduleType == ScheduleType.AgentFirst ? await LaunchAgentFirstAsync(slice) : await LaunchAsync(slice)
            : 0;
        DialerMetrics.Paced(Mode.ToString().ToLowerInvariant(), wanted, launched, measured);
        if (wanted > slice && launched == slice)
            await PostContinueAsync();
        _lastDecision = new PacingSnapshot(now, Mode, idle, onCall.Count, ringing.Count, _waiting.Count, decision.ExpectedAnswers, decision.ExpectedFreeAgents,
            decision.EffectiveCap, wanted, launched, decision.Reason);
        ScheduleWake();
    }

    /// <summary>The measured rate, smoothed towards half the cap by <see cref="RatePriorWeight"/> answers, so the first
    /// few answers neither switch the task to progressive nor let it run unchecked.</summary>
    private static double SmoothedRate((long Answered, long Abandoned) counts, double cap)
        => (counts.Abandoned + cap / 2 * RatePriorWeight) / (counts.Answered + RatePriorWeight);

    private const double RatePriorWeight = 20;

    /// <summary>Takes up to <paramref name="wanted"/> numbers, reserves a gateway channel for each within the task's
    /// per-gateway concurrency, counts it against the daily limit, persists cursor and in-flight calls, then starts them.</summary>
    private async Task<int> LaunchAsync(int wanted)
    {
        var d = S.Definition!;
        string? voiceKey = null;
        if (d.VoiceCode is { } voice) voiceKey = (await GrainFactory.GetGrain<IVoiceGrain>(IVoiceGrain.KeyFor(TenantId, voice)).GetAsync())?.BlobKey;
        var perGateway = S.InFlight.Values.Where(c => c.GwCode is not null).GroupBy(c => c.GwCode!).ToDictionary(g => g.Key, g => g.Count());
        var started = new List<DialCallPlan>();
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
            _entries.Dequeue();
            var plan = new DialCallPlan(callId, Code, d.ProjectCode, entry.Number, d.ScheduleType, reservation, voiceKey, O.CustomerRingTimeout, O.AbandonTimeout);
            S.Cursor = entry.Id;
            S.Total++;
            S.InFlight[callId] = new InFlightCall { EntryId = entry.Id, Number = entry.Number, GwCode = reservation.GwCode, LaunchedAt = Now, Plan = plan };
            perGateway[reservation.GwCode] = perGateway.GetValueOrDefault(reservation.GwCode) + 1;
            started.Add(plan);
        }
        if (started.Count == 0 && !changed) return 0;
        if (started.Count == 0)
        {
            await WriteTaskStateAsync();
            return 0;
        }
        // The durable mark: cursor and in-flight calls (with their plans) are stored, in one write, before anything is
        // counted against the daily limit or dialled. Then the slice's daily-limit checks and starts run concurrently.
        return await StartReservedCallsAsync(started, WriteTaskStateAsync());
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
                if (!await GrainFactory.GetGrain<INumberUsageGrain>(DialerKeys.NumberUsage(TenantId, entry.Number)).TryCountAsync(LocalDate, limit, CountIdFor(entry.Id)))
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
        return GrainFactory.PublishAsync(new CallTaskStatusChanged(TenantId, Now, d.ProjectCode, Code, (int)S.Status, record));
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
        await GrainFactory.PublishAsync(new CallTaskProgress(TenantId, Now, d.ProjectCode, Code, (int)S.Status, S.Total, S.Fail, S.Reject, S.Miss, S.Success,
            S.InFlight.Count, S.Rate));
    }
}
