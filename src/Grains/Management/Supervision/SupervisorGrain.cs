using CallCenter.Calls;
using CallCenter.Grains.Management.Calls;
using CallCenter.Grains.Management.Events;
using CallCenter.Management;
using CallCenter.Management.Agents;
using CallCenter.Management.CallLogs;
using CallCenter.Management.Calls;
using CallCenter.Management.Events;
using CallCenter.Management.Projects;
using CallCenter.Management.Supervision;
using CallCenter.Telephony;
using CallCenter.Tenancy;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CallCenter.Grains.Management.Supervision;

/// <summary>
/// A project manager's supervision from their extension: eavesdropping on one agent at a time, and one conference that
/// calls the project's available agents in. Every leg it places is its own (events come here); agents in the conference
/// are reserved for it like for any call, so the dialer leaves them alone.
/// </summary>
[GrainType("mgmt-supervisor")]
public sealed class SupervisorGrain(
    [PersistentState("supervisor")] IPersistentState<SupervisorState> state,
    ISwitch telephony,
    ICallLogStore callLogs,
    IOptions<ManagementGrainOptions> options,
    TimeProvider clock,
    ILogger<SupervisorGrain> log) : Grain, ISupervisorGrain
{
    private SupervisorState S => state.State;

    private string? _tenantId, _manager;

    private string TenantId => _tenantId ??= ManagementKeys.TenantOf(this.GetPrimaryKeyString());

    private string Manager => _manager ??= ManagementKeys.SupervisorManager(this.GetPrimaryKeyString());

    private LegOwner Self => new(ISupervisorGrain.OwnerKind, this.GetPrimaryKeyString());

    public async Task<ManagementResult> EavesdropAsync(string projectCode, string username)
    {
        if (await CheckManagerAsync(projectCode) is { } refused) return ManagementResult.Fail(refused);
        if (S.Eavesdrop is not null || S.Conference is not null) return ManagementResult.Fail(ManagementError.AgentBusy, "the manager is already supervising");
        var target = Agent(username);
        var agent = await target.GetAsync();
        if (agent is null) return ManagementResult.Fail(ManagementError.ExtensionNotFound);
        if (agent.ProjectCode != projectCode) return ManagementResult.Fail(ManagementError.AgentNotInProject);
        var call = await target.GetCallAsync();
        if (agent.SessionStatus != AgentSessionStatus.Talking || call?.AgentLegId is not { } targetLeg)
            return ManagementResult.Fail(ManagementError.CallStateInvalid, "the agent is not talking");

        var leg = Guid.NewGuid().ToString();
        S.Eavesdrop = new EavesdropSession
        {
            CallId = Guid.NewGuid().ToString(),
            ProjectCode = projectCode,
            TargetUsername = username,
            TargetLegId = targetLeg,
            ListenerLegId = leg,
            StartedAt = clock.GetUtcNow(),
        };
        await state.WriteStateAsync();
        if (!await OriginateAsync(leg, S.Eavesdrop.CallId, Manager, username, projectCode, "listener"))
        {
            S.Eavesdrop = null;
            await state.WriteStateAsync();
            return ManagementResult.Fail(ManagementError.CallStateInvalid, "the switch refused the call");
        }
        log.LogInformation("Manager {Manager} eavesdrops on agent {Username}", Manager, username);
        return ManagementResult.Success;
    }

    public async Task<ManagementResult> StopEavesdropAsync(string projectCode, string username)
    {
        if (S.Eavesdrop is not { } session || session.TargetUsername != username || session.ProjectCode != projectCode)
            return ManagementResult.Fail(ManagementError.SupervisionNotActive);
        await HangupAsync(session.ListenerLegId);
        return ManagementResult.Success;
    }

    public async Task<ManagementResult<int>> StartConferenceAsync(string projectCode)
    {
        var started = await EnsureConferenceAsync(projectCode);
        if (!started.Ok) return ManagementResult<int>.Fail(started.Error, started.Detail);
        var listed = await GrainFactory.GetGrain<IProjectGrain>(IProjectGrain.KeyFor(TenantId, projectCode)).ListExtensionsAsync();
        var invited = 0;
        foreach (var agent in listed.Value ?? [])
        {
            if (agent.Role != AgentRole.Agent || agent.Username == Manager || !agent.Registered || agent.WorkStatus != AgentWorkStatus.Idle || agent.CallId is not null) continue;
            if ((await InviteAsync(agent.Username)).Ok) invited++;
        }
        log.LogInformation("Manager {Manager} started a conference of project {ProjectCode}: {Count} agents called", Manager, projectCode, invited);
        return ManagementResult<int>.Success(invited);
    }

    public async Task<ManagementResult> InviteToConferenceAsync(string projectCode, string username)
    {
        var agent = await Agent(username).GetAsync();
        if (agent is null) return ManagementResult.Fail(ManagementError.ExtensionNotFound);
        if (agent.ProjectCode != projectCode) return ManagementResult.Fail(ManagementError.AgentNotInProject);
        var started = await EnsureConferenceAsync(projectCode);
        if (!started.Ok) return started;
        return await InviteAsync(username);
    }

    public async Task<ManagementResult> StopConferenceAsync(string projectCode)
    {
        if (S.Conference is not { } conference || conference.ProjectCode != projectCode) return ManagementResult.Fail(ManagementError.SupervisionNotActive);
        await EndConferenceAsync(conference);
        return ManagementResult.Success;
    }

    public Task<SupervisionInfo> GetSupervisionAsync() => Task.FromResult(new SupervisionInfo(
        S.Eavesdrop?.TargetUsername, S.Eavesdrop?.CallId, S.Conference?.Name, S.Conference?.ProjectCode,
        S.Conference?.Members.Values.Order(StringComparer.Ordinal).ToList() ?? []));

    // IAgentCallControl: what a conference member may ask of the conference it is in.
    public Task<AgentCallInfo?> GetAsync() => Task.FromResult<AgentCallInfo?>(null);

    public async Task<ManagementResult> HangupAsync(string username, bool satisfactionSurvey)
    {
        var leg = S.Conference?.Members.FirstOrDefault(m => m.Value == username).Key;
        if (leg is null) return ManagementResult.Fail(ManagementError.CallNotFound);
        await HangupAsync(leg);
        return ManagementResult.Success;
    }

    public Task<ManagementResult> TransferAsync(string fromUsername, string toUsername)
        => Task.FromResult(ManagementResult.Fail(ManagementError.CallStateInvalid, "a conference cannot be transferred"));

    public Task<ManagementResult> PlayAsync(string username, string blobKey, bool stop)
        => Task.FromResult(ManagementResult.Fail(ManagementError.CallStateInvalid, "no voice can be played into a conference"));

    public async Task OnSwitchEventAsync(SwitchEvent e)
    {
        if (S.Eavesdrop is { } eavesdrop && e.LegId == eavesdrop.ListenerLegId)
        {
            await OnEavesdropLegAsync(eavesdrop, e);
            return;
        }
        if (S.Conference is { } conference)
        {
            if (e.LegId == conference.ManagerLegId) await OnManagerLegAsync(conference, e);
            else if (conference.Members.TryGetValue(e.LegId, out var member)) await OnMemberLegAsync(conference, e.LegId, member, e);
        }
    }

    private async Task OnEavesdropLegAsync(EavesdropSession session, SwitchEvent e)
    {
        switch (e)
        {
            case LegAnswered:
                session.Answered = true;
                await state.WriteStateAsync();
                try
                {
                    await telephony.EavesdropAsync(session.ListenerLegId, session.TargetLegId, EavesdropMode.Listen);
                }
                catch (SwitchCommandException ex)
                {
                    log.LogInformation(ex, "Manager {Manager}: the agent's call ended before the eavesdrop began", Manager);
                    await HangupAsync(session.ListenerLegId);
                }
                break;
            case LegHungUp hungUp:
                S.Eavesdrop = null;
                await state.WriteStateAsync();
                await WriteLogAsync(session.CallId, AgentCallKind.Eavesdrop, session.ProjectCode, session.TargetUsername, session.StartedAt, session.Answered, hungUp);
                break;
        }
    }

    private async Task OnManagerLegAsync(ConferenceSession conference, SwitchEvent e)
    {
        switch (e)
        {
            case LegAnswered:
                conference.ManagerAnswered = true;
                await state.WriteStateAsync();
                await JoinAsync(conference, e.LegId, moderator: true);
                break;
            case LegHungUp hungUp:
                conference.ManagerHungUp = true;
                conference.ManagerCause = hungUp.Cause;
                await state.WriteStateAsync();
                // Without its manager the conference is over.
                await EndConferenceAsync(conference);
                await WriteLogAsync(conference.CallId, AgentCallKind.Conference, conference.ProjectCode, "conference-" + conference.ProjectCode, conference.StartedAt, conference.ManagerAnswered, hungUp);
                await ForgetConferenceIfOverAsync(conference);
                break;
        }
    }

    private async Task OnMemberLegAsync(ConferenceSession conference, string legId, string username, SwitchEvent e)
    {
        switch (e)
        {
            case LegAnswered:
                await JoinAsync(conference, legId, moderator: false);
                await Agent(username).OnCallProgressAsync(new AgentCallProgress(conference.CallId, AgentCallPhase.ConferenceJoined, AgentCallKind.Conference, Manager, At: clock.GetUtcNow()));
                break;
            case LegHungUp:
                conference.Members.Remove(legId);
                await state.WriteStateAsync();
                await Agent(username).OnCallProgressAsync(new AgentCallProgress(conference.CallId, AgentCallPhase.Ended, AgentCallKind.Conference, Manager, At: clock.GetUtcNow()));
                await ForgetConferenceIfOverAsync(conference);
                break;
        }
    }

    private async Task<ManagementResult> EnsureConferenceAsync(string projectCode)
    {
        if (S.Conference is { } running)
            return running.ProjectCode == projectCode && !running.ManagerHungUp ? ManagementResult.Success : ManagementResult.Fail(ManagementError.AgentBusy, "the manager is in another conference");
        if (await CheckManagerAsync(projectCode) is { } refused) return ManagementResult.Fail(refused);
        if (S.Eavesdrop is not null) return ManagementResult.Fail(ManagementError.AgentBusy, "the manager is eavesdropping");
        var leg = Guid.NewGuid().ToString();
        S.Conference = new ConferenceSession
        {
            CallId = Guid.NewGuid().ToString(),
            // Conference names are global on the switch, so the tenant is part of it.
            Name = $"{TenantId}-{projectCode}-{Manager}",
            ProjectCode = projectCode,
            ManagerLegId = leg,
            StartedAt = clock.GetUtcNow(),
        };
        await state.WriteStateAsync();
        if (!await OriginateAsync(leg, S.Conference.CallId, Manager, "conference", projectCode, "manager"))
        {
            S.Conference = null;
            await state.WriteStateAsync();
            return ManagementResult.Fail(ManagementError.CallStateInvalid, "the switch refused the call");
        }
        return ManagementResult.Success;
    }

    private async Task<ManagementResult> InviteAsync(string username)
    {
        var conference = S.Conference!;
        if (conference.Members.ContainsValue(username)) return ManagementResult.Success;
        var agent = Agent(username);
        var offer = await agent.OfferCallAsync(new AgentOffer(conference.CallId, AgentCallKind.Conference, Self, Manager, ProjectCode: conference.ProjectCode, RequireIdle: true));
        if (!offer.Accepted) return ManagementResult.Fail(offer.Reason);
        var leg = Guid.NewGuid().ToString();
        conference.Members[leg] = username;
        await state.WriteStateAsync();
        await GrainFactory.PublishAsync(new AgentMessage(TenantId, clock.GetUtcNow(), username, conference.ProjectCode, AgentMessageKind.ConferenceInvited, Manager));
        if (!await OriginateAsync(leg, conference.CallId, username, Manager, conference.ProjectCode, "member"))
        {
            conference.Members.Remove(leg);
            await state.WriteStateAsync();
            await agent.OnCallProgressAsync(new AgentCallProgress(conference.CallId, AgentCallPhase.Ended, AgentCallKind.Conference, Manager));
            return ManagementResult.Fail(ManagementError.CallStateInvalid, "the switch refused the call");
        }
        return ManagementResult.Success;
    }

    private async Task EndConferenceAsync(ConferenceSession conference)
    {
        try
        {
            await telephony.ConferenceDestroyAsync(conference.Name);
        }
        catch (SwitchCommandException)
        {
            // Nobody joined yet: there is no conference on the switch, only ringing legs.
        }
        foreach (var leg in conference.Members.Keys.ToList()) await HangupAsync(leg);
        if (!conference.ManagerHungUp) await HangupAsync(conference.ManagerLegId);
    }

    private async Task ForgetConferenceIfOverAsync(ConferenceSession conference)
    {
        if (!conference.ManagerHungUp || conference.Members.Count > 0 || S.Conference != conference) return;
        S.Conference = null;
        await state.WriteStateAsync();
    }

    private async Task JoinAsync(ConferenceSession conference, string legId, bool moderator)
    {
        try
        {
            await telephony.ConferenceJoinAsync(conference.Name, legId, muted: false, moderator: moderator);
        }
        catch (SwitchCommandException ex)
        {
            log.LogInformation(ex, "Manager {Manager}: leg {LegId} could not join the conference", Manager, legId);
            await HangupAsync(legId);
        }
    }

    private async Task<ManagementError?> CheckManagerAsync(string projectCode)
    {
        var manager = await Agent(Manager).GetAsync();
        if (manager is null) return ManagementError.ExtensionNotFound;
        if (manager.ProjectCode != projectCode || manager.Role != AgentRole.ProjectManager) return ManagementError.AgentNotInProject;
        if (!manager.Registered) return ManagementError.AgentNotRegistered;
        return null;
    }

    private async Task<bool> OriginateAsync(string legId, string callId, string extension, string callerId, string projectCode, string role)
    {
        var domain = (await GrainFactory.GetGrain<ITenantGrain>(TenantId).GetProfileAsync())?.SipDomain;
        if (domain is null) return false;
        var variables = Self.ToVariables(TenantId, callId);
        variables[ChannelVariables.Role] = role;
        variables[ChannelVariables.Project] = projectCode;
        try
        {
            await telephony.OriginateAsync(new OriginateRequest(legId, callId, new ExtensionEndpoint(extension, domain), callerId,
                RingTimeout: options.Value.AgentRingTimeout, Variables: variables));
            return true;
        }
        catch (SwitchCommandException e)
        {
            log.LogWarning(e, "Manager {Manager}: leg to {Extension} could not be placed", Manager, extension);
            return false;
        }
    }

    private async Task HangupAsync(string legId)
    {
        try
        {
            await telephony.HangupAsync(legId);
        }
        catch (SwitchCommandException)
        {
            // Gone already; its hang-up event is on its way.
        }
    }

    private async Task WriteLogAsync(string callId, AgentCallKind kind, string projectCode, string destination, DateTimeOffset startedAt, bool answered, LegHungUp hungUp)
    {
        var (result, detail) = answered ? CallResultClassifier.Connected(agentHungUpFirst: hungUp.Initiator == HangupInitiator.Remote) : CallResultClassifier.AgentNotReached(hungUp.Cause);
        var end = clock.GetUtcNow();
        var record = new CallLogRecord(TenantId, callId, kind, projectCode, null, Manager, destination, null, startedAt, end,
            (int)Math.Max(0, Math.Round((end - startedAt).TotalSeconds)), hungUp.BillSeconds, null, null, result, detail, null, hungUp.Cause, null);
        try
        {
            await callLogs.AppendAsync(record);
        }
        catch (Exception e)
        {
            log.LogError(e, "Manager {Manager}: call log of {CallId} could not be written", Manager, callId);
        }
    }

    private IAgentGrain Agent(string username) => GrainFactory.GetGrain<IAgentGrain>(IAgentGrain.KeyFor(TenantId, username));
}
