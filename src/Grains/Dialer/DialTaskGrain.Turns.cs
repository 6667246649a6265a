using CallCenter.Dialer;
using CallCenter.Management.Agents;
using CallCenter.Management.Gateways;
using CallCenter.Runtime;
using Microsoft.Extensions.Logging;

namespace CallCenter.Grains.Dialer;

/// <summary>The task grain's own continuation: a one-way message to itself. Events ("customer ready", "call finished")
/// only record what happened and post one continuation; the continuation, queued behind every event already in the
/// mailbox, assigns all waiting customers at once and launches the next small slice of calls. So no event waits behind a
/// long turn, and the durable writes of many assignments and starts share the storage's group commits.</summary>
public interface IDialTaskLoop : IGrainWithStringKey
{
    [OneWay]
    Task ContinueAsync();
}

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
        if (S.Definition is null || IsInbound) return;
        await AssignAgentsAsync();
        await PaceOnEventAsync();
        await CheckCompletionAsync();
    }

    /// <summary>Posts one continuation (if none is queued yet) behind the messages already in the mailbox.</summary>
    private void PostContinue()
    {
        if (_continuePosted) return;
        _continuePosted = true;
        _ = GrainFactory.GetGrain<IDialTaskLoop>(GrainKey).ContinueAsync();
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

    private sealed record LaunchResult(DialCallPlan Plan, bool Counted, bool Started);

    /// <summary>One reserved call: the daily-limit check, then the (idempotent) start. Touches no task state: many run
    /// concurrently within one turn and the task applies the results afterwards.</summary>
    private async Task<LaunchResult> StartReservedAsync(DialCallPlan plan, string number, int limit)
    {
        try
        {
            if (!await GrainFactory.GetGrain<INumberUsageGrain>(INumberUsageGrain.KeyFor(TenantId, number)).TryCountAsync(LocalDate, limit, plan.CallId))
                return new LaunchResult(plan, Counted: false, Started: false);
            await GrainFactory.GetGrain<IDialCallGrain>(IDialCallGrain.KeyFor(TenantId, plan.CallId)).StartAsync(plan);
            return new LaunchResult(plan, Counted: true, Started: true);
        }
        catch (Exception e)
        {
            // The call stays in flight; the reconciliation on the next activation checks and starts it (idempotently).
            log.LogError(e, "Task {Task}: call {CallId} could not be started", Code, plan.CallId);
            return new LaunchResult(plan, Counted: true, Started: false);
        }
    }

    /// <summary>Starts reserved calls concurrently; calls over the daily limit leave the in-flight map and are counted as
    /// skipped (written with the next task-state write: a restart before that re-checks them and skips them again).</summary>
    private async Task<int> StartReservedCallsAsync(IReadOnlyList<DialCallPlan> plans)
    {
        if (plans.Count == 0) return 0;
        var limit = S.Definition!.DailyLimit ?? O.DailyLimitPerNumber;
        var results = await Task.WhenAll(plans.Select(p => StartReservedAsync(p, p.Number, limit)));
        var started = 0;
        var releases = new List<Task>();
        foreach (var r in results)
        {
            if (!r.Counted)
            {
                if (S.InFlight.Remove(r.Plan.CallId))
                {
                    S.Total--;
                    S.SkippedDailyLimit++;
                    _dirty = true;
                }
                releases.Add(GrainFactory.GetGrain<IGatewayGrain>(IGatewayGrain.KeyFor(TenantId, r.Plan.Gateway.GwCode)).ReleaseAsync(new GatewayRelease(r.Plan.CallId, 0, null)));
                continue;
            }
            if (r.Started) started++;
            else _reconciled = false;
        }
        await Task.WhenAll(releases);
        return started;
    }

    private sealed record OfferOutcome(AgentView View, string CallId, AgentOfferResult Offer, Exception? Failure);

    /// <summary>Offers one waiting customer to one agent and, when accepted, connects them. Touches no task state.</summary>
    private async Task<OfferOutcome> OfferAndConnectAsync(AgentView view, string callId, InFlightCall call)
    {
        var controller = new CallCenter.Calls.LegOwner(IDialCallGrain.OwnerKind, IDialCallGrain.KeyFor(TenantId, callId));
        var offer = await GrainFactory.GetGrain<IAgentGrain>(IAgentGrain.KeyFor(TenantId, view.Snapshot.Username))
            .OfferCallAsync(new AgentOffer(callId, AgentCallKind.Predictive, controller, call.Number, Code, S.Definition!.ProjectCode));
        if (!offer.Accepted) return new OfferOutcome(view, callId, offer, null);
        try
        {
            await GrainFactory.GetGrain<IDialCallGrain>(IDialCallGrain.KeyFor(TenantId, callId))
                .ConnectAgentAsync(offer.Agent?.Username ?? view.Snapshot.Username, offer.SipDomain ?? _sipDomain!);
            return new OfferOutcome(view, callId, offer, null);
        }
        catch (Exception e)
        {
            // The reservation stands; the dial call's abandon timer or its end releases it.
            log.LogWarning(e, "Task {Task}: call {CallId} could not be connected to {Agent}", Code, callId, view.Snapshot.Username);
            return new OfferOutcome(view, callId, offer, e);
        }
    }
}
