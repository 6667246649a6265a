using CallCenter.Dialer;
using CallCenter.Management;
using CallCenter.Management.Agents;
using CallCenter.Management.Gateways;
using Microsoft.Extensions.Logging;

namespace CallCenter.Grains.Dialer;

/// <summary>The task's turns: its own continuation (<see cref="IDialTaskLoop"/>, a one-way message to itself), the dial
/// calls' reports, and the launch of a slice. Events ("customer ready", "call finished") only record what happened and
/// post one continuation; the continuation, queued behind every event already in the mailbox, assigns all waiting
/// customers at once and launches the next small slice of calls. Starts and connects are one-way messages to the dial
/// calls, which report back: no event waits behind a launch, and no task of the grain's runs outside its turns.</summary>
public sealed partial class DialTaskGrain : IDialTaskLoop
{
    private bool _continuePosted;
    /// <summary>Finished calls accounted in memory but not yet written. Their outcomes are durable in the call log and the
    /// calls are still in the stored in-flight map, so a restart re-reads them (<see cref="ReconcileAsync"/>); the next
    /// write (a launch slice, a tick, a status change) carries them.</summary>
    private bool _dirty;
    private DateTimeOffset _agentsRefreshedAt = DateTimeOffset.MinValue;

    public async Task ContinueAsync()
    {
        _continuePosted = false;
        if (S.Definition is null) return;
        await AssignAgentsAsync();
        await PaceAsync();
        await CheckCompletionAsync();
    }

    public async Task OnAgentReleasedAsync(string callId, string username)
    {
        // Only while the task's view still has that agent on that call: a release that arrives after the outcome, or
        // after the agent was given another customer, changes nothing.
        if (_agents.TryGetValue(username, out var view) && view.AssignedCall == callId)
        {
            view.AssignedCall = null;
            view.FreeAt = Now + TimeSpan.FromSeconds(WrapUp);
            if (view.Snapshot?.CallId == callId) view.Snapshot = view.Snapshot with { CallId = null };
            if (S.Status == CallTaskState.Running) await PostContinueAsync();
        }
    }

    public Task OnCallStartedAsync(string callId)
    {
        // Dropped from memory now, from storage with the next write; until then a restart re-issues an idempotent start.
        // A report of a call already finished (reports are not ordered) finds nothing.
        if (S.InFlight.TryGetValue(callId, out var call) && call.Plan is not null)
        {
            call.Plan = null;
            call.Started = true;
        }
        return Task.CompletedTask;
    }

    public Task OnCallNotStartedAsync(string callId)
    {
        // The call stays in flight with its plan; the reconciliation re-counts (idempotent) and re-issues its start. If a
        // later start already succeeded (reports are not ordered), the re-issued start finds the call and does nothing.
        if (S.InFlight.TryGetValue(callId, out var call) && call.Plan is not null) _reconciled = false;
        return Task.CompletedTask;
    }

    /// <summary>The daily-limit count of a list entry: the same for every attempt to take that entry, so a count made
    /// before a crash (even one whose reservation was not yet written) is not made twice.</summary>
    private string CountIdFor(long entryId) => $"{Code}:{entryId}";

    /// <summary>Posts one continuation (if none is queued yet) behind the messages already in the mailbox. A one-way
    /// call completes once queued, so awaiting it waits for nothing else.</summary>
    private async Task PostContinueAsync()
    {
        if (_continuePosted) return;
        _continuePosted = true;
        try
        {
            await GrainFactory.GetGrain<IDialTaskLoop>(this.GetPrimaryKeyString()).ContinueAsync();
        }
        catch (Exception e)
        {
            // Refused at the sender (the runtime is stopping): the pacing tick carries on instead.
            _continuePosted = false;
            log.LogDebug(e, "Task {Task}: continuation not posted", Code);
        }
    }

    /// <summary>Deferred finished-call accounting goes to storage before the activation does.</summary>
    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        try
        {
            await FlushAsync();
        }
        catch (Exception e)
        {
            // The call log has the outcomes; the next activation reconciles them.
            log.LogWarning(e, "Task {Task}: deferred counters not written at deactivation", Code);
        }
    }

    private async Task FlushAsync()
    {
        if (!_dirty) return;
        await WriteTaskStateAsync();
    }

    /// <summary>Every task-state write goes through here, so the deferred finished-call accounting rides along.</summary>
    private Task WriteTaskStateAsync()
    {
        _dirty = false;
        return state.WriteStateAsync();
    }

    /// <summary>The agents' view is refreshed from their grains at most every <see cref="DialerOptions.AgentRefreshInterval"/>;
    /// in between, the task's own reservations, offer answers and call outcomes keep it current.</summary>
    private async Task RefreshAgentsIfDueAsync()
    {
        if (_agents.Count > 0 && Now - _agentsRefreshedAt < O.AgentRefreshInterval) return;
        await RefreshAgentsAsync();
    }

    /// <summary>The daily-limit count of one reserved call; null when the check failed (the call then stays in flight
    /// unstarted, and the reconciliation checks and starts it).</summary>
    private async Task<bool?> CountAsync(DialCallPlan plan, long entryId, string date, int limit)
    {
        try
        {
            return await GrainFactory.GetGrain<INumberUsageGrain>(DialerKeys.NumberUsage(TenantId, plan.Number)).TryCountAsync(date, limit, CountIdFor(entryId));
        }
        catch (Exception e)
        {
            log.LogError(e, "Task {Task}: the daily limit of call {CallId} could not be checked", Code, plan.CallId);
            return null;
        }
    }

    /// <summary>Starts one reserved, counted call without holding the task's turn: a one-way message (queued, not
    /// awaited beyond that); the call reports back whether it holds the plan (<see cref="OnCallStartedAsync"/>,
    /// <see cref="OnCallNotStartedAsync"/>) and, later, its outcome.</summary>
    private async Task<bool> SendStartAsync(DialCallPlan plan)
    {
        try
        {
            await DialCall(plan.CallId).StartAsync(plan);
            return true;
        }
        catch (Exception e)
        {
            // Not even queued (the runtime is stopping): the call stays in flight with its plan; the reconciliation on the
            // next tick starts it (idempotently).
            log.LogError(e, "Task {Task}: call {CallId} could not be started", Code, plan.CallId);
            _reconciled = false;
            return false;
        }
    }

    /// <summary>The reservation write (cursor + in-flight calls with their plans) and the slice's daily-limit counts go to
    /// storage together (the counts are idempotent per list entry); once both are in, the counted calls are started
    /// (one-way) and the turn ends. Calls over the limit leave the in-flight map and are counted as skipped (written with
    /// the next task-state write: a restart before that re-checks them and skips them again).</summary>
    private async Task<int> StartReservedCallsAsync(IReadOnlyList<DialCallPlan> plans, Task reserved)
    {
        var limit = S.Definition!.DailyLimit ?? O.DailyLimitPerNumber;
        var date = LocalDate;
        var counts = plans.Select(p => CountAsync(p, S.InFlight[p.CallId].EntryId, date, limit)).ToList();
        await reserved; // a failed reservation write fails the turn before anything is dialled, as before
        var counted = await Task.WhenAll(counts);
        var started = 0;
        var releases = new List<Task>();
        for (var k = 0; k < plans.Count; k++)
        {
            var plan = plans[k];
            switch (counted[k])
            {
                case true:
                    if (await SendStartAsync(plan)) started++;
                    break;
                case false:
                    if (S.InFlight.Remove(plan.CallId))
                    {
                        S.Total--;
                        S.SkippedDailyLimit++;
                        _dirty = true;
                    }
                    releases.Add(GrainFactory.GetGrain<IGatewayGrain>(IGatewayGrain.KeyFor(TenantId, plan.Gateway.GwCode)).ReleaseAsync(new GatewayRelease(plan.CallId, 0, null)));
                    break;
                default:
                    _reconciled = false;
                    break;
            }
        }
        if (releases.Count > 0) await Task.WhenAll(releases);
        return started;
    }

    private sealed record OfferOutcome(AgentView View, string CallId, AgentOfferResult Offer);

    /// <summary>Offers one waiting customer to one agent. Touches no task state.</summary>
    private async Task<OfferOutcome> OfferAsync(AgentView view, string callId, InFlightCall call)
    {
        var controller = new CallCenter.Calls.LegOwner(IDialCallGrain.OwnerKind, DialerKeys.DialCall(TenantId, callId));
        var username = view.Snapshot.Username;
        try
        {
            var offer = await GrainFactory.GetGrain<IAgentGrain>(IAgentGrain.KeyFor(TenantId, username))
                .OfferCallAsync(new AgentOffer(callId, AgentCallKind.Predictive, controller, call.Number, Code, S.Definition!.ProjectCode));
            return new OfferOutcome(view, callId, offer);
        }
        catch (Exception e)
        {
            // Treated as a refusal, so the offers of the same round that were accepted are still connected.
            log.LogWarning(e, "Task {Task}: offer of call {CallId} to {Agent} failed", Code, callId, username);
            return new OfferOutcome(view, callId, new AgentOfferResult(false, ManagementError.CallStateInvalid, null, null));
        }
    }

    /// <summary>Connects an accepted offer without holding the task's turn: a one-way message; the dial call does the
    /// rest (and releases the reservation itself if the customer is gone); the task needs no answer.</summary>
    private async Task SendConnectAsync(string callId, string username, string sipDomain)
    {
        try
        {
            await DialCall(callId).ConnectAgentAsync(username, sipDomain);
        }
        catch (Exception e)
        {
            // The reservation stands; the dial call's abandon timer or its end releases it.
            log.LogWarning(e, "Task {Task}: call {CallId} could not be connected to {Agent}", Code, callId, username);
        }
    }
}
