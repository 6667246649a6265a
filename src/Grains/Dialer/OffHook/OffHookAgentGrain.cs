using CallCenter.Calls;
using CallCenter.Dialer;
using CallCenter.Management.Agents;
using CallCenter.Telephony;
using CallCenter.Tenancy;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CallCenter.Grains.Dialer.OffHook;

/// <summary>
/// An agent's off-hook connection (schedule 4, workType 20). The agent's leg — rung once by the system, or the agent's
/// own call to fifo+projectCode — is answered into a conference of its own (<c>{tenant}-offhook-{username}</c>); a
/// conference rather than a bridge, because a bridged partner's hang-up releases the other leg, while conference members
/// come and go independently. Schedule-4 customers are joined to that conference (<see cref="JoinCustomerAsync"/>); the
/// customer's leg stays owned by its dial call, which kicks it on the agent's /app/bye. The agent grain learns when the
/// leg is up or gone (<see cref="IAgentGrain.OnOffHookChangedAsync"/>).
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

    private OffHookAgentState S => state.State;
    private string TenantId => TenantIds.Split(this.GetPrimaryKeyString()).TenantId;
    private string Username => TenantIds.Split(this.GetPrimaryKeyString()).LocalKey["offhook/".Length..];
    private string Conference => $"{TenantId}-offhook-{Username}";
    private LegOwner Self => new(IOffHookAgentGrain.OwnerKind, this.GetPrimaryKeyString());

    public async Task EnterAsync(string projectCode, string sipDomain)
    {
        if (S.LegId is not null)
        {
            // Already ringing or up: never ring again. An up leg is reported again (the agent may have been told otherwise).
            if (S.Up) await Agent().OnOffHookChangedAsync(S.LegId);
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
        // The hang-up comes back as LegHungUp, which clears the state and tells the agent.
        await TryAsync(() => telephony.HangupAsync(leg));
    }

    public async Task<bool> JoinCustomerAsync(string callId, string customerLegId)
    {
        if (S.LegId is null || !S.Up) return false;
        if (!await TryAsync(() => telephony.ConferenceJoinAsync(Conference, customerLegId))) return false;
        log.LogDebug("Off-hook {Agent}: customer of call {CallId} joined", Username, callId);
        return true;
    }

    public Task<OffHookAgentInfo?> GetAsync()
        => Task.FromResult(S is { LegId: { } leg, Up: true, ProjectCode: { } project }
            ? new OffHookAgentInfo(Username, project, leg, Conference, S.ViaDial, S.Since)
            : null);

    public async Task OnSwitchEventAsync(SwitchEvent e)
    {
        switch (e)
        {
            case LegCreated { Direction: LegDirection.Inbound } created:
                await AdoptDialledLegAsync(created);
                break;

            case LegAnswered when e.LegId == S.LegId && !S.Up && !S.ViaDial:
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

    private async Task LegGoneAsync(string legId)
    {
        if (S.LegId != legId) return;
        S.LegId = null;
        S.Up = false;
        await Task.WhenAll(state.WriteStateAsync(), UnwatchAsync());
        await Agent().OnOffHookChangedAsync(null);
    }

    /// <summary>While there is an off-hook leg: a leg the switch no longer has (a restart, a lost event) ends off-hook
    /// mode as its hang-up would.</summary>
    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != Watchdog) return;
        if (S.LegId is not { } leg)
        {
            await UnwatchAsync();
            return;
        }
        var live = await telephony.ListLegsAsync();
        if (!live.Any(l => l.LegId == leg)) await LegGoneAsync(leg);
    }

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
