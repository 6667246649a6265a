using CallCenter.Calls;
using CallCenter.Dialer;
using CallCenter.Management.Agents;
using CallCenter.Telephony;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CallCenter.Grains.Dialer.OffHook;

/// <summary>
/// An agent's off-hook connection (schedule 4, workType 20). The agent's leg — rung once by the system, or the agent's
/// own call to fifo+projectCode — is answered into a conference of its own (<c>{tenant}-offhook-{username}</c>); a
/// conference rather than a bridge, because a bridged partner's hang-up releases the other leg, while conference members
/// come and go independently. Schedule-4 customers are joined to that conference (<see cref="JoinCustomerAsync"/>); the
/// customer's leg stays owned by its dial call, which kicks it on the agent's /app/bye. The agent grain learns when the
/// leg is up or gone (<see cref="IAgentGrain.OnOffHookChangedAsync"/>). The agent grain's Enter and Leave are one-way and
/// may arrive in either order, so they are not taken as commands: each reads the agent's current state, and the leg is
/// rung (or kept) only while the agent wants off-hook mode.
/// </summary>
[GrainType("dialer-offhook")]
public sealed class OffHookAgentGrain(
    [PersistentState("offhook")] IPersistentState<OffHookAgentState> state,
    ISwitch telephony,
    IOptions<DialerOptions> options,
    TimeProvider clock,
    ILogger<OffHookAgentGrain> log) : Grain, IOffHookAgentGrain, IRemindable
{
    private const string Watchdog = "offhook-watchdog";
    private IDisposable? _reconcileTimer;

    private OffHookAgentState S => state.State;
    private string TenantId => DialerKeys.TenantOf(this.GetPrimaryKeyString());
    private string Username => DialerKeys.UsernameOf(this.GetPrimaryKeyString());
    private string Conference => $"{TenantId}-offhook-{Username}";
    private LegOwner Self => new(IOffHookAgentGrain.OwnerKind, this.GetPrimaryKeyString());

    /// <summary>A leg found in storage was the previous activation's (a restart, a failed silo): whether the switch still
    /// has it is checked shortly after activation (the message that activated this grain goes first), and at once before
    /// a customer is joined to it or the agent is rung again. The watchdog's next tick may be a whole period away: Orleans
    /// skips the ticks missed while the silo was down.</summary>
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (S.LegId is not null) _reconcileTimer = this.RegisterGrainTimer(() => ReconcileAsync(), options.Value.ReconcileDelay, Timeout.InfiniteTimeSpan);
        return Task.CompletedTask;
    }

    public async Task EnterAsync(string projectCode, string sipDomain)
    {
        // A stale leg does not stop the ring. The agent asks because it knows of no leg, so it need not be told.
        if (_reconcileTimer is not null) await ReconcileAsync(tellAgent: false);
        if (S.LegId is not null)
        {
            // Already ringing or up: never ring again. An up leg is reported again (the agent may have been told otherwise).
            if (S.Up) await Agent().OnOffHookChangedAsync(S.LegId);
            return;
        }
        // An Enter that arrives after the agent has moved on (a later Leave overtook it, or the agent went busy or left the
        // project) rings nothing. The agent does not wait for this call, so reading it here cannot deadlock with it.
        if (!WantsOffHook(await Agent().GetAsync(), projectCode, idle: true))
        {
            log.LogInformation("Off-hook {Agent}: an earlier request to enter off-hook mode is no longer the agent's wish; not rung", Username);
            return;
        }
        S.LegId = Guid.NewGuid().ToString();
        S.Up = false;
        S.ViaDial = false;
        S.ProjectCode = projectCode;
        S.Since = clock.GetUtcNow();
        S.Rings++;
        // Persisted before the originate: the leg's events find it.
        await Task.WhenAll(state.WriteStateAsync(), WatchAsync());
        try
        {
            await telephony.OriginateAsync(new OriginateRequest(S.LegId, S.LegId, new ExtensionEndpoint(Username, sipDomain),
                IOffHookAgentGrain.DialPrefix + projectCode, RingTimeout: options.Value.AgentRingTimeout, Variables: Variables(S.LegId, projectCode)));
        }
        catch (SwitchCommandException e)
        {
            log.LogWarning(e, "Off-hook {Agent}: the extension could not be rung", Username);
            await LegGoneAsync(S.LegId);
        }
    }

    public async Task LeaveAsync()
    {
        if (S.LegId is not { } leg) return;
        // A Leave that overtook the agent's later Enter (or arrives after the agent chose off-hook mode again) keeps the leg.
        if (WantsOffHook(await Agent().GetAsync(), S.ProjectCode, idle: false))
        {
            log.LogInformation("Off-hook {Agent}: an earlier request to leave off-hook mode is no longer the agent's wish; the leg stays", Username);
            return;
        }
        // The hang-up comes back as LegHungUp, which clears the state and tells the agent.
        await TryAsync(() => telephony.HangupAsync(leg));
    }

    public Task<OffHookAgentInfo?> GetAsync()
        => Task.FromResult(S is { LegId: { } leg, Up: true, ProjectCode: { } project }
            ? new OffHookAgentInfo(Username, project, leg, Conference, S.ViaDial, S.Since)
            : null);

    public async Task<bool> JoinCustomerAsync(string callId, string customerLegId)
    {
        if (_reconcileTimer is not null) await ReconcileAsync();
        if (S.LegId is null || !S.Up) return false;
        if (!await TryAsync(() => telephony.ConferenceJoinAsync(Conference, customerLegId))) return false;
        log.LogDebug("Off-hook {Agent}: customer of call {CallId} joined", Username, callId);
        return true;
    }

    public async Task OnSwitchEventAsync(SwitchEvent e)
    {
        switch (e)
        {
            case LegCreated { Direction: LegDirection.Inbound } created:
                await AdoptDialledLegAsync(created);
                break;

            case LegAnswered when e.LegId == S.LegId && !S.Up && !S.ViaDial:
                // The agent may have left off-hook mode while the phone rang (no Leave is sent for a leg not yet up).
                if (!WantsOffHook(await Agent().GetAsync(), S.ProjectCode, idle: false))
                {
                    await TryAsync(() => telephony.HangupAsync(e.LegId));
                    break;
                }
                await JoinAgentAsync(e.LegId);
                break;

            case LegHungUp when e.LegId == S.LegId:
                await LegGoneAsync(e.LegId);
                break;
        }
    }

    /// <summary>The agent dialled fifo+projectCode from the extension (routed here by <see cref="FifoDialRoute"/>).</summary>
    private async Task AdoptDialledLegAsync(LegCreated created)
    {
        var project = IOffHookAgentGrain.ProjectCodeOf(created.DestinationNumber);
        var agent = await Agent().GetAsync();
        if (project is null || agent is null || agent.ProjectCode != project || !agent.Enabled || agent.Role != AgentRole.Agent)
        {
            log.LogInformation("Off-hook {Agent}: call to {Destination} refused (not an agent of that project)", Username, created.DestinationNumber);
            await TryAsync(() => telephony.HangupAsync(created.LegId, HangupCauses.UnallocatedNumber));
            return;
        }
        if (S.LegId is { } previous && previous != created.LegId)
        {
            // The agent's own new call replaces an older off-hook leg (stale, or still ringing).
            S.LegId = null;
            S.Up = false;
            await TryAsync(() => telephony.HangupAsync(previous));
        }
        S.LegId = created.LegId;
        S.Up = false;
        S.ViaDial = true;
        S.ProjectCode = project;
        S.Since = clock.GetUtcNow();
        await Task.WhenAll(state.WriteStateAsync(), WatchAsync());
        await TryAsync(() => telephony.SetVariablesAsync(created.LegId, Variables(created.CallId ?? created.LegId, project)));
        // Joining the conference answers the inbound leg.
        await JoinAgentAsync(created.LegId);
    }

    private async Task JoinAgentAsync(string legId)
    {
        if (!await TryAsync(() => telephony.ConferenceJoinAsync(Conference, legId, moderator: true)))
        {
            await TryAsync(() => telephony.HangupAsync(legId));
            return;
        }
        S.Up = true;
        await state.WriteStateAsync();
        await Agent().OnOffHookChangedAsync(legId);
    }

    private async Task LegGoneAsync(string legId, bool tellAgent = true)
    {
        if (S.LegId != legId) return;
        S.LegId = null;
        S.Up = false;
        await Task.WhenAll(state.WriteStateAsync(), UnwatchAsync());
        if (tellAgent) await Agent().OnOffHookChangedAsync(null);
    }

    /// <summary>While there is an off-hook leg: a leg the switch no longer has (a restart, a lost event) ends off-hook
    /// mode as its hang-up would.</summary>
    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != Watchdog) return;
        if (S.LegId is null)
        {
            await UnwatchAsync();
            return;
        }
        await ReconcileAsync();
    }

    private async Task ReconcileAsync(bool tellAgent = true)
    {
        _reconcileTimer?.Dispose();
        _reconcileTimer = null;
        if (S.LegId is not { } leg) return;
        IReadOnlyList<LiveLeg> live;
        try
        {
            live = await telephony.ListLegsAsync();
        }
        catch (SwitchCommandException e)
        {
            log.LogWarning(e, "Off-hook {Agent}: live legs not available; checked at the next watchdog tick", Username);
            return;
        }
        if (live.FirstOrDefault(l => l.LegId == leg) is not { } found)
        {
            await LegGoneAsync(leg, tellAgent);
            return;
        }
        // A system-rung leg answered while its event was lost goes into the conference now, as its answer would have.
        if (!S.Up && !S.ViaDial && found.AnsweredAt is not null) await OnSwitchEventAsync(new LegAnswered { LegId = leg, CallId = leg, Timestamp = clock.GetUtcNow() });
    }

    /// <summary>The agent (still) wants off-hook mode in <paramref name="projectCode"/>: an enabled agent of that project
    /// with workType 20, and (to be rung) available.</summary>
    private static bool WantsOffHook(AgentSnapshot? agent, string? projectCode, bool idle)
        => agent is { Enabled: true, Role: AgentRole.Agent, WorkType: AgentWorkType.LongConnection } && agent.ProjectCode == projectCode
            && (!idle || agent.WorkStatus == AgentWorkStatus.Idle);

    private Task WatchAsync() => this.RegisterOrUpdateReminder(Watchdog, options.Value.CallWatchdogPeriod, options.Value.CallWatchdogPeriod);

    private async Task UnwatchAsync()
    {
        if (await this.GetReminder(Watchdog) is { } reminder) await this.UnregisterReminder(reminder);
    }

    private Dictionary<string, string> Variables(string callId, string projectCode)
    {
        var variables = Self.ToVariables(TenantId, callId);
        variables[ChannelVariables.Role] = "agent";
        variables[ChannelVariables.Project] = projectCode;
        return variables;
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
            log.LogDebug(e, "Off-hook {Agent}: switch command refused", Username);
            return false;
        }
    }

    private IAgentGrain Agent() => GrainFactory.GetGrain<IAgentGrain>(IAgentGrain.KeyFor(TenantId, Username));
}
