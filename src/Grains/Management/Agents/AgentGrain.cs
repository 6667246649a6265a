using CallCenter.Calls;
using CallCenter.Extensions;
using CallCenter.Grains.Management.Events;
using CallCenter.Grains.Switching;
using CallCenter.Grains.Telemetry;
using CallCenter.Management;
using CallCenter.Management.Agents;
using CallCenter.Management.Calls;
using CallCenter.Management.Events;
using CallCenter.Management.Voices;
using CallCenter.Tenancy;
using Microsoft.Extensions.Logging;

namespace CallCenter.Grains.Management.Agents;

/// <summary>
/// The one agent state machine of the management area. Availability (workStatus) is the agent's choice; conversation
/// (sessionStatus) follows the call the agent is reserved for; registration comes from the extension. Calls are owned by
/// other grains (the agent-call grain, the dialer, the supervisor), reached through the owner recorded at reservation.
/// </summary>
[GrainType("mgmt-agent")]
public sealed class AgentGrain(
    [PersistentState("agent")] IPersistentState<AgentState> state,
    LegOwnerKinds owners,
    TimeProvider clock,
    ILogger<AgentGrain> log) : Grain, IAgentGrain
{
    public const string OwnerKind = "mgmt-agent";

    private string? _tenantId, _username, _sipDomain;
    private readonly AgentStateGauge _gauge = new();

    /// <summary>An agent counts in <c>callcenter.agents</c> while its grain is active, in the state it last published.</summary>
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (S.Assignment is not null) _gauge.Report(AgentMetrics.StateOf(Snapshot()));
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _gauge.Report(null);
        return Task.CompletedTask;
    }

    private string TenantId => _tenantId ??= ManagementKeys.TenantOf(this.GetPrimaryKeyString());

    private string Username => _username ??= ManagementKeys.AgentUsername(this.GetPrimaryKeyString());

    private AgentState S => state.State;

    public Task<AgentSnapshot?> GetAsync() => Task.FromResult(S.Assignment is null ? null : Snapshot());

    public async Task<AgentCallInfo?> GetCallAsync()
    {
        if (S.Call is not { } call || Controller(call) is not { } controller) return null;
        return await controller.GetAsync();
    }

    public async Task<AgentSnapshot> JoinProjectAsync(AgentAssignment assignment)
    {
        if (S.Assignment == assignment) return Snapshot();
        var registered = S.Registered;
        state.State = new AgentState { Assignment = assignment, Registered = registered };
        await state.WriteStateAsync();
        // The extension answers with its current registration (one-way), which brings Registered up to date.
        await Extension().AssignAsync(Self);
        await PublishStateAsync(registrationChanged: false);
        return Snapshot();
    }

    public async Task LeaveProjectAsync(string projectCode)
    {
        if (S.Assignment?.ProjectCode != projectCode) return;
        if (S.Call is { } call && Controller(call) is { } controller)
        {
            try
            {
                await controller.HangupAsync(Username, false);
            }
            catch (Exception e)
            {
                log.LogWarning(e, "Agent {Username}: could not hang up call {CallId} when leaving project {ProjectCode}", Username, call.CallId, projectCode);
            }
        }
        if (S.OffHookLegId is not null || S.WorkType == AgentWorkType.LongConnection) await OffHook().LeaveAsync();
        var last = Snapshot() with { Enabled = false, WorkStatus = AgentWorkStatus.Unavailable, SessionStatus = AgentSessionStatus.None, CallId = null, DestinationNumber = null };
        if (await Extension().GetAsync() is not null) await Extension().AssignAsync(null);
        await state.ClearStateAsync();
        state.State = new AgentState();
        _gauge.Report(null);
        // The back office's extension list loses the agent; the last state it sees says the extension is out of service.
        await GrainFactory.PublishAsync(new AgentStateChanged(TenantId, clock.GetUtcNow(), last, RegistrationChanged: false));
    }

    public async Task<ManagementResult<AgentSnapshot>> SetWorkStatusAsync(AgentWorkStatus status, AgentWorkType? workType = null, string? projectCode = null)
    {
        if (Check(projectCode) is { } error) return ManagementResult<AgentSnapshot>.Fail(error);
        if (status is not (AgentWorkStatus.Busy or AgentWorkStatus.Idle)) return ManagementResult<AgentSnapshot>.Fail(ManagementError.InvalidArgument, "workStatus must be 0 or 1");
        if (!S.Enabled) return ManagementResult<AgentSnapshot>.Fail(ManagementError.AgentDisabled);
        var changed = S.WorkStatus != status || (workType is not null && S.WorkType != workType);
        if (changed)
        {
            S.WorkStatus = status;
            if (workType is not null) S.WorkType = workType;
            await state.WriteStateAsync();
            await PublishStateAsync(registrationChanged: false);
        }
        await FollowOffHookModeAsync(status, workType);
        return ManagementResult<AgentSnapshot>.Success(Snapshot());
    }

    /// <summary>workType 20 (off-hook): going available rings the extension once (nothing when the off-hook leg is
    /// already there); choosing another workType ends the off-hook connection. One-way: the off-hook grain reports back
    /// through <see cref="OnOffHookChangedAsync"/>.</summary>
    private async Task FollowOffHookModeAsync(AgentWorkStatus status, AgentWorkType? workType)
    {
        if (status == AgentWorkStatus.Idle && S.WorkType == AgentWorkType.LongConnection && S.OffHookLegId is null)
        {
            var domain = await SipDomainAsync();
            if (domain is not null) await OffHook().EnterAsync(S.Assignment!.ProjectCode, domain);
        }
        else if (workType is not null && workType != AgentWorkType.LongConnection && S.OffHookLegId is not null)
        {
            await OffHook().LeaveAsync();
        }
    }

    /// <remarks>
    /// One-way (the off-hook grain reports from its own turns), and Orleans keeps no order between one-way calls: an
    /// "up" may overtake the "gone" before it, and a "gone" does not say which leg went. So a report only says that
    /// something changed, and the agent follows what the off-hook grain says is true now: the leg that is up, or none.
    /// Reading it cannot deadlock: the off-hook grain awaits nothing of the agent but <see cref="GetAsync"/>, which
    /// interleaves.
    /// </remarks>
    public async Task OnOffHookChangedAsync(string? legId)
    {
        var up = await OffHook().GetAsync();
        if (S.Assignment is null)
        {
            // Left the project, but the off-hook leg came up after all (LeaveProjectAsync's LeaveAsync overtaken).
            if (up is not null) await OffHook().LeaveAsync();
            return;
        }
        if (up is not null)
        {
            // Already following this leg (a repeated or overtaken report).
            if (S.OffHookLegId == up.LegId) return;
            if (!up.ViaDial && S.WorkType != AgentWorkType.LongConnection)
            {
                // The system rang this leg for an /app/idle with workType 20, but the agent has chosen another workType
                // since (its LeaveAsync overtook the EnterAsync): not taken up, hung up again.
                await OffHook().LeaveAsync();
                return;
            }
            S.OffHookLegId = up.LegId;
            S.WorkType = AgentWorkType.LongConnection;
            if (S.Enabled) S.WorkStatus = AgentWorkStatus.Idle;
            await state.WriteStateAsync();
            await PublishStateAsync(registrationChanged: false);
            return;
        }
        if (S.OffHookLegId is null && !(S.WorkType == AgentWorkType.LongConnection && S.WorkStatus == AgentWorkStatus.Idle)) return;
        S.OffHookLegId = null;
        // Off-hook mode is over: not available until the agent goes idle again (which rings the phone once more).
        if (S.WorkType == AgentWorkType.LongConnection && S.WorkStatus == AgentWorkStatus.Idle) S.WorkStatus = AgentWorkStatus.Busy;
        await state.WriteStateAsync();
        await PublishStateAsync(registrationChanged: false);
        // A customer with the agent lost the agent's side: ended as if the agent hung up (/app/bye).
        if (S.Call is { Kind: AgentCallKind.Predictive } call && Controller(call) is { } controller)
        {
            try
            {
                await controller.HangupAsync(Username, false);
            }
            catch (Exception e)
            {
                log.LogWarning(e, "Agent {Username}: could not end call {CallId} after the off-hook leg ended", Username, call.CallId);
            }
        }
    }

    private CallCenter.Dialer.IOffHookAgentGrain OffHook()
        => GrainFactory.GetGrain<CallCenter.Dialer.IOffHookAgentGrain>(CallCenter.Dialer.DialerKeys.OffHook(TenantId, Username));

    public async Task<ManagementResult<AgentSnapshot>> SetEnabledAsync(bool enabled)
    {
        if (Check(null) is { } error) return ManagementResult<AgentSnapshot>.Fail(error);
        if (S.Enabled != enabled)
        {
            S.Enabled = enabled;
            // Re-enabled agents start not available: being allowed to work again is not the same as being ready.
            S.WorkStatus = AgentWorkStatus.Busy;
            await state.WriteStateAsync();
            await PublishStateAsync(registrationChanged: false);
        }
        return ManagementResult<AgentSnapshot>.Success(Snapshot());
    }

    public async Task<ManagementResult<string>> PlaceCallAsync(AgentDialRequest request)
    {
        if (Check(request.ProjectCode) is { } error) return ManagementResult<string>.Fail(error);
        if (!S.Enabled) return ManagementResult<string>.Fail(ManagementError.AgentDisabled);
        if (!S.Registered) return ManagementResult<string>.Fail(ManagementError.AgentNotRegistered);
        if (S.Call is not null) return ManagementResult<string>.Fail(ManagementError.AgentBusy);
        // A manager calling their own extension would make the call grain offer the call back to this grain while this
        // grain waits for it.
        if (request.Kind == AgentCallKind.ManagerToAgent && request.TelNo == Username) return ManagementResult<string>.Fail(ManagementError.InvalidArgument, "cannot call oneself");

        var domain = await SipDomainAsync();
        if (domain is null) return ManagementResult<string>.Fail(ManagementError.ExtensionNotFound);
        var callId = Guid.NewGuid().ToString();
        var callKey = IAgentCallGrain.KeyFor(TenantId, callId);
        S.Call = new AgentCallState
        {
            CallId = callId,
            Kind = request.Kind,
            Controller = new LegOwner(IAgentCallGrain.OwnerKind, callKey),
            TelNo = request.TelNo,
            CallTaskCode = request.CallTaskCode,
            ReservedAt = clock.GetUtcNow(),
        };
        await state.WriteStateAsync();

        var plan = new AgentCallPlan(callId, request.Kind, Username, domain, request.TelNo, S.Assignment!.ProjectCode, request.CallTaskCode, request.GatewayCodes);
        ManagementResult started;
        try
        {
            started = await GrainFactory.GetGrain<IAgentCallGrain>(callKey).StartAsync(plan);
        }
        catch (Exception e)
        {
            log.LogError(e, "Agent {Username}: call {CallId} could not be started", Username, callId);
            started = ManagementResult.Fail(ManagementError.CallStateInvalid, "the call could not be started");
        }
        if (!started.Ok)
        {
            S.Call = null;
            await state.WriteStateAsync();
            return ManagementResult<string>.Fail(started.Error, started.Detail);
        }
        // The call id is known before anything rings, so /topic/call goes out at once (as the original did for agent calls).
        S.Call.Phase = AgentCallPhase.Launched;
        await state.WriteStateAsync();
        await GrainFactory.PublishAsync(new AgentCallNotice(TenantId, clock.GetUtcNow(), Username, S.Assignment.ProjectCode, AgentCallPhase.Launched, callId, request.TelNo, request.CallTaskCode));
        return ManagementResult<string>.Success(callId);
    }

    public async Task<ManagementResult> HangupAsync(string callId, bool satisfactionSurvey = false)
    {
        if (Check(null) is { } error) return ManagementResult.Fail(error);
        if (S.Call?.CallId != callId || Controller(S.Call) is not { } controller) return ManagementResult.Fail(ManagementError.CallNotFound);
        return await controller.HangupAsync(Username, satisfactionSurvey);
    }

    public async Task<ManagementResult> TransferAsync(string callId, string toUsername)
    {
        if (Check(null) is { } error) return ManagementResult.Fail(error);
        if (S.Call?.CallId != callId || Controller(S.Call) is not { } controller) return ManagementResult.Fail(ManagementError.CallNotFound);
        if (toUsername == Username) return ManagementResult.Fail(ManagementError.InvalidArgument, "cannot transfer to oneself");
        return await controller.TransferAsync(Username, toUsername);
    }

    public async Task<ManagementResult> PlayVoiceAsync(string callId, string voiceCode, bool stop = false)
    {
        if (Check(null) is { } error) return ManagementResult.Fail(error);
        if (S.Call?.CallId != callId || Controller(S.Call) is not { } controller) return ManagementResult.Fail(ManagementError.CallNotFound);
        var voice = await GrainFactory.GetGrain<IVoiceGrain>(IVoiceGrain.KeyFor(TenantId, voiceCode)).GetAsync();
        if (voice is null) return ManagementResult.Fail(ManagementError.VoiceNotFound);
        return await controller.PlayAsync(Username, voice.BlobKey, stop);
    }

    public async Task<AgentOfferResult> OfferCallAsync(AgentOffer offer)
    {
        if (Check(offer.ProjectCode) is { } error) return AgentOfferResult.Refused(error, S.Assignment is null ? null : Snapshot());
        if (S.Call is { } current)
        {
            // The same offer again (a retry, or the call offered again after an Ended of it that has not arrived yet) is
            // still accepted, as a new reservation: an Ended sent before now belongs to the earlier one.
            if (current.CallId != offer.CallId) return AgentOfferResult.Refused(ManagementError.AgentBusy, Snapshot());
            current.ReservedAt = clock.GetUtcNow();
            await state.WriteStateAsync();
        }
        else
        {
            if (!S.Enabled) return AgentOfferResult.Refused(ManagementError.AgentDisabled, Snapshot());
            if (!S.Registered) return AgentOfferResult.Refused(ManagementError.AgentNotRegistered, Snapshot());
            if (offer.RequireIdle && S.WorkStatus != AgentWorkStatus.Idle) return AgentOfferResult.Refused(ManagementError.AgentNotIdle, Snapshot());
            S.Call = new AgentCallState
            {
                CallId = offer.CallId,
                Kind = offer.Kind,
                Controller = offer.Controller,
                TelNo = offer.TelNo,
                CallTaskCode = offer.CallTaskCode,
                FromUsername = offer.FromUsername,
                ReservedAt = clock.GetUtcNow(),
            };
            await state.WriteStateAsync();
        }
        var domain = await SipDomainAsync();
        return new AgentOfferResult(true, ManagementError.None, Snapshot(), domain);
    }

    /// <remarks>
    /// One-way, and Orleans keeps no order between one-way calls, so an owner's Launched → Connected → Ended may arrive in
    /// any order. Phases only move forward per call: the reservation (<see cref="AgentState.Call"/>) names the call and is
    /// created only by an awaited offer or by <see cref="PlaceCallAsync"/>, which come before every report of that call;
    /// Ended removes it, so a Launched or Connected arriving after the end finds no reservation and is dropped. A Connected
    /// that overtook its Launched stands for both: the launch notice goes out first, and the late Launched is dropped.
    /// </remarks>
    public async Task OnCallProgressAsync(AgentCallProgress progress)
    {
        if (S.Call is not { } call || call.CallId != progress.CallId)
        {
            log.LogDebug("Agent {Username}: {Phase} of call {CallId} ignored (not the agent's call, or already ended)", Username, progress.Phase, progress.CallId);
            return;
        }
        var at = progress.At ?? clock.GetUtcNow();
        switch (progress.Phase)
        {
            case AgentCallPhase.Launched:
                // Anything later already came: the call is past its launch (and announced it, if it had to).
                if (call.Phase is not null) return;
                call.Phase = AgentCallPhase.Launched;
                await state.WriteStateAsync();
                await PublishLaunchedAsync(call, at);
                break;

            case AgentCallPhase.Connected:
                if (call.Phase == AgentCallPhase.Connected) return;
                var launchMissing = call.Phase is null && OwnerReportsLaunch(call.Kind);
                call.Phase = AgentCallPhase.Connected;
                S.LastSessionBeginTime = at;
                await state.WriteStateAsync();
                if (launchMissing) await PublishLaunchedAsync(call, at);
                // invite before status: clients open the customer's record on invite and read the state after it.
                await GrainFactory.PublishAsync(
                    new AgentCallNotice(TenantId, at, Username, S.Assignment?.ProjectCode, AgentCallPhase.Connected, call.CallId, call.TelNo, call.CallTaskCode),
                    StateChanged(registrationChanged: false));
                break;

            case AgentCallPhase.ConferenceJoined:
                if (call.Phase == AgentCallPhase.ConferenceJoined) return;
                call.Phase = AgentCallPhase.ConferenceJoined;
                S.LastSessionBeginTime = at;
                await state.WriteStateAsync();
                await PublishStateAsync(registrationChanged: false);
                break;

            case AgentCallPhase.Ended:
                // The same call can be offered to this agent again once released (the dialer re-offers a customer whose
                // agent did not answer); an Ended of the earlier reservation that arrives after the new offer ends
                // nothing. Sent times are causal here: the earlier reservation's end was sent before the new offer was
                // made (and both clocks are silo clocks, so in a cluster only a skew larger than that gap could blur it).
                if (progress.At is { } sent && sent < call.ReservedAt)
                {
                    log.LogDebug("Agent {Username}: Ended of call {CallId} sent before the current reservation ignored", Username, progress.CallId);
                    return;
                }
                var wasInSession = call.Phase is AgentCallPhase.Connected or AgentCallPhase.ConferenceJoined;
                S.Call = null;
                await state.WriteStateAsync();
                var ended = new AgentCallNotice(TenantId, at, Username, S.Assignment?.ProjectCode, AgentCallPhase.Ended, call.CallId, call.TelNo, call.CallTaskCode);
                if (wasInSession) await GrainFactory.PublishAsync(ended, StateChanged(registrationChanged: false));
                else await GrainFactory.PublishAsync(ended);
                break;
        }
    }

    /// <summary>Calls whose owner reports <see cref="AgentCallPhase.Launched"/> to this agent before Connected: a transfer
    /// (to its target) and a manager's call (to the called agent). The agent's own calls are launched by
    /// <see cref="PlaceCallAsync"/>; task, inbound and conference calls have no launch step (no /topic/call).</summary>
    private static bool OwnerReportsLaunch(AgentCallKind kind) => kind is AgentCallKind.Transfer or AgentCallKind.ManagerToAgent;

    /// <summary>/topic/transfer (with its notify) for a transfer's target, /topic/call otherwise.</summary>
    private Task PublishLaunchedAsync(AgentCallState call, DateTimeOffset at)
    {
        var project = S.Assignment?.ProjectCode;
        return call.Kind == AgentCallKind.Transfer && call.FromUsername is { } from
            ? GrainFactory.PublishAsync(new AgentTransferNotice(TenantId, at, Username, project, from, call.CallId, call.TelNo, call.CallTaskCode))
            : GrainFactory.PublishAsync(new AgentCallNotice(TenantId, at, Username, project, AgentCallPhase.Launched, call.CallId, call.TelNo, call.CallTaskCode));
    }

    /// <remarks>
    /// One-way (the extension notifies from <see cref="IExtensionGrain.AssignAsync"/>, which this grain awaits), and
    /// Orleans keeps no order between one-way calls: a register/unregister pair may arrive the other way round. So the
    /// change only says that something changed, and the agent takes what the extension grain says is true now (which
    /// never awaits an assignee, so reading it cannot deadlock). A phone that registered and unregistered again before
    /// the agent looked is never shown registered.
    /// </remarks>
    public async Task OnExtensionRegistrationAsync(ExtensionRegistrationChanged change)
    {
        if (S.Assignment is null || change.Extension != Username) return;
        var extension = await Extension().GetAsync();
        // Registered only as long as the extension is still this agent's.
        var registered = extension is { Registered: true } && extension.AssignedTo == Self;
        if (S.Registered == registered) return;
        S.Registered = registered;
        // Without a phone the agent cannot take calls: an available agent who loses the registration is made not
        // available, so the dialer stops offering; re-registering does not make them available again by itself.
        if (!registered && S.WorkStatus == AgentWorkStatus.Idle) S.WorkStatus = AgentWorkStatus.Busy;
        await state.WriteStateAsync();
        await PublishStateAsync(registrationChanged: true);
    }

    private ManagementError? Check(string? projectCode)
    {
        if (S.Assignment is null) return ManagementError.ExtensionNotFound;
        if (projectCode is not null && projectCode != S.Assignment.ProjectCode) return ManagementError.AgentNotInProject;
        return null;
    }

    private IAgentCallControl? Controller(AgentCallState call)
    {
        try
        {
            return owners.Resolve<IAgentCallControl>(call.Controller);
        }
        catch (InvalidOperationException e)
        {
            log.LogWarning(e, "Agent {Username}: the owner of call {CallId} cannot be reached", Username, call.CallId);
            return null;
        }
    }

    private LegOwner Self => new(OwnerKind, this.GetPrimaryKeyString());

    private IExtensionGrain Extension() => GrainFactory.GetGrain<IExtensionGrain>(IExtensionGrain.KeyFor(TenantId, Username));

    private Task PublishStateAsync(bool registrationChanged) => GrainFactory.PublishAsync(StateChanged(registrationChanged));

    private AgentStateChanged StateChanged(bool registrationChanged)
    {
        var snapshot = Snapshot();
        _gauge.Report(AgentMetrics.StateOf(snapshot));
        return new(TenantId, clock.GetUtcNow(), snapshot, registrationChanged);
    }

    private AgentSnapshot Snapshot()
    {
        var call = S.Call;
        var session = call?.Phase switch
        {
            AgentCallPhase.Connected => AgentSessionStatus.Talking,
            AgentCallPhase.ConferenceJoined => AgentSessionStatus.Conference,
            _ => AgentSessionStatus.None,
        };
        return new AgentSnapshot(
            TenantId, Username, S.Assignment?.ProjectCode, S.Assignment?.ProjectId, S.Assignment?.Role ?? AgentRole.Agent,
            S.Enabled, S.Registered, S.Enabled ? S.WorkStatus : AgentWorkStatus.Unavailable, session, S.WorkType,
            call?.CallId, call?.TelNo, call?.CallTaskCode, S.LastSessionBeginTime, S.OffHookLegId);
    }

    /// <summary>The tenant's SIP domain, asked once per activation: every offer needs it, and a tenant's domain does not
    /// change while its extensions are provisioned under it.</summary>
    private async Task<string?> SipDomainAsync()
        => _sipDomain ??= (await GrainFactory.GetGrain<ITenantGrain>(TenantId).GetProfileAsync())?.SipDomain;
}
