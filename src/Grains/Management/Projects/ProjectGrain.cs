using CallCenter.Extensions;
using CallCenter.Grains.Management.Events;
using CallCenter.Management;
using CallCenter.Management.Agents;
using CallCenter.Management.Events;
using CallCenter.Management.Projects;
using CallCenter.Tenancy;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CallCenter.Grains.Management.Projects;

public sealed class ProjectState
{
    public bool Exists { get; set; }
    public long ProjectId { get; set; }
    public int Seats { get; set; }
    public string Certificate { get; set; } = "";
    public ProjectStatus Status { get; set; } = ProjectStatus.Active;
    public List<string> Extensions { get; set; } = [];
    public List<string> ManagerExtensions { get; set; } = [];
    /// <summary>Agent extensions handed out by certificate, so the next claim gets a fresh one.</summary>
    public HashSet<string> Claimed { get; set; } = new(StringComparer.Ordinal);
    public List<string> CallTaskCodes { get; set; } = [];
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
}

[GrainType("mgmt-project")]
public sealed class ProjectGrain(
    [PersistentState("project")] IPersistentState<ProjectState> state,
    IEnumerable<IProjectLifecycleParticipant> participants,
    IOptions<ManagementGrainOptions> options,
    TimeProvider clock,
    ILogger<ProjectGrain> log) : Grain, IProjectGrain
{
    private string? _tenantId, _code;

    private string TenantId => _tenantId ??= ManagementKeys.TenantOf(this.GetPrimaryKeyString());

    private string Code => _code ??= ManagementKeys.ProjectCode(this.GetPrimaryKeyString());

    /// <summary>What the pool records as the holder of this project's numbers.</summary>
    private string Holder => ManagementKeys.PoolHolder(Code);

    public Task<ProjectInfo?> GetAsync() => Task.FromResult(state.State.Exists ? Info() : null);

    public async Task<ManagementResult<ProjectInfo>> CreateAsync(ProjectCreation request)
    {
        if (state.State.Exists) return ManagementResult<ProjectInfo>.Fail(ManagementError.ProjectExists, "project code is taken");
        if (request.Seats is < 1 or > ProjectCreation.MaxSeats) return ManagementResult<ProjectInfo>.Fail(ManagementError.InvalidArgument, $"seats must be 1 to {ProjectCreation.MaxSeats}");

        var pool = GrainFactory.GetGrain<IExtensionPoolGrain>(IExtensionPoolGrain.KeyFor(TenantId));
        var numbers = await pool.AllocateAsync(Holder, request.Seats);
        if (numbers.Count < request.Seats)
        {
            await pool.ReleaseAsync(Holder, numbers);
            return ManagementResult<ProjectInfo>.Fail(ManagementError.NoFreeExtension, $"only {numbers.Count} free extensions left");
        }
        var certificate = Credentials.Certificate();
        var projectId = await GrainFactory.GetGrain<IProjectDirectoryGrain>(IProjectDirectoryGrain.KeyFor(TenantId)).RegisterAsync(Code, certificate);

        // Every step below is idempotent, so a creation interrupted here and retried ends the same way (the pool hands the
        // same numbers back); the project only exists once the last write succeeded.
        var assignment = new AgentAssignment(Code, projectId, AgentRole.Agent);
        foreach (var number in numbers) await ProvisionAsync(number, assignment);

        state.State = new ProjectState
        {
            Exists = true,
            ProjectId = projectId,
            Seats = request.Seats,
            Certificate = certificate,
            Extensions = numbers.ToList(),
            CreatedAt = clock.GetUtcNow(),
        };
        await state.WriteStateAsync();
        log.LogInformation("Project {ProjectCode} of tenant {TenantId} created with {Seats} extensions", Code, TenantId, numbers.Count);
        return ManagementResult<ProjectInfo>.Success(Info());
    }

    public async Task<ManagementResult<ExtensionGrant>> ClaimExtensionAsync(ExtensionClaim claim)
    {
        if (!state.State.Exists || !string.Equals(claim.Certificate, state.State.Certificate, StringComparison.OrdinalIgnoreCase))
            return ManagementResult<ExtensionGrant>.Fail(ManagementError.CertificateNotFound);
        if (state.State.Status == ProjectStatus.Finished) return ManagementResult<ExtensionGrant>.Fail(ManagementError.ProjectFinished);

        string number;
        if (claim.Role == AgentRole.ProjectManager)
        {
            if (claim.Username is { } asked)
            {
                if (!state.State.ManagerExtensions.Contains(asked)) return ManagementResult<ExtensionGrant>.Fail(ManagementError.AgentNotInProject);
                number = asked;
            }
            else
            {
                if (state.State.ManagerExtensions.Count >= options.Value.MaxManagerExtensions)
                    return ManagementResult<ExtensionGrant>.Fail(ManagementError.NoFreeExtension, "the project has its maximum of manager extensions");
                var allocated = await GrainFactory.GetGrain<IExtensionPoolGrain>(IExtensionPoolGrain.KeyFor(TenantId)).AllocateAsync(Holder, AllNumbers().Count + 1);
                var fresh = allocated.Except(AllNumbers()).FirstOrDefault();
                if (fresh is null) return ManagementResult<ExtensionGrant>.Fail(ManagementError.NoFreeExtension);
                await ProvisionAsync(fresh, new AgentAssignment(Code, state.State.ProjectId, AgentRole.ProjectManager));
                state.State.ManagerExtensions.Add(fresh);
                await state.WriteStateAsync();
                number = fresh;
            }
        }
        else
        {
            if (claim.Username is { } asked)
            {
                if (!state.State.Extensions.Contains(asked)) return ManagementResult<ExtensionGrant>.Fail(ManagementError.AgentNotInProject);
                number = asked;
            }
            else
            {
                var free = state.State.Extensions.FirstOrDefault(e => !state.State.Claimed.Contains(e));
                if (free is null) return ManagementResult<ExtensionGrant>.Fail(ManagementError.NoFreeExtension, "every extension of the project is handed out");
                number = free;
            }
            if (state.State.Claimed.Add(number)) await state.WriteStateAsync();
        }

        var extension = GrainFactory.GetGrain<IExtensionGrain>(IExtensionGrain.KeyFor(TenantId, number));
        var info = await extension.GetAsync();
        var password = await extension.RevealPasswordAsync();
        var domain = (await GrainFactory.GetGrain<ITenantGrain>(TenantId).GetProfileAsync())?.SipDomain;
        if (info is null || password is null || domain is null) return ManagementResult<ExtensionGrant>.Fail(ManagementError.ExtensionNotFound);
        return ManagementResult<ExtensionGrant>.Success(new ExtensionGrant(number, password, domain, Code));
    }

    public async Task<ManagementResult<IReadOnlyList<AgentSnapshot>>> ListExtensionsAsync()
    {
        if (!state.State.Exists) return ManagementResult<IReadOnlyList<AgentSnapshot>>.Fail(ManagementError.ProjectNotFound);
        // A finished project's numbers may already serve another project: only agents that say they are ours count.
        if (state.State.Status == ProjectStatus.Finished) return ManagementResult<IReadOnlyList<AgentSnapshot>>.Success([]);
        var snapshots = await Task.WhenAll(AllNumbers().Select(n => Agent(n).GetAsync()));
        return ManagementResult<IReadOnlyList<AgentSnapshot>>.Success(snapshots.OfType<AgentSnapshot>().Where(a => a.ProjectCode == Code).ToList());
    }

    public async Task<ManagementResult<int>> SetWorkStatusAllAsync(AgentWorkStatus status)
    {
        if (!state.State.Exists) return ManagementResult<int>.Fail(ManagementError.ProjectNotFound);
        if (state.State.Status == ProjectStatus.Finished) return ManagementResult<int>.Fail(ManagementError.ProjectFinished);
        var changed = 0;
        foreach (var number in state.State.Extensions)
        {
            var agent = Agent(number);
            var before = await agent.GetAsync();
            // Disabled agents stay disabled: "all idle" is about who works, not who is allowed to.
            if (before is null || !before.Enabled || before.WorkStatus == status) continue;
            if ((await agent.SetWorkStatusAsync(status, null, Code)).Ok) changed++;
        }
        return ManagementResult<int>.Success(changed);
    }

    public async Task<ManagementResult<AgentSnapshot>> AddSeatAsync(string username)
    {
        if (!state.State.Exists) return ManagementResult<AgentSnapshot>.Fail(ManagementError.ProjectNotFound);
        if (state.State.Status == ProjectStatus.Finished) return ManagementResult<AgentSnapshot>.Fail(ManagementError.ProjectFinished);
        if (state.State.Extensions.Contains(username))
            return await Agent(username).GetAsync() is { } already ? ManagementResult<AgentSnapshot>.Success(already) : ManagementResult<AgentSnapshot>.Fail(ManagementError.ExtensionNotFound);

        // Only extensions of the management area's pool can move between projects: numbers provisioned by other dialects
        // belong to them.
        var pool = GrainFactory.GetGrain<IExtensionPoolGrain>(IExtensionPoolGrain.KeyFor(TenantId));
        var holder = await pool.GetHolderAsync(username);
        if (ManagementKeys.ProjectOfPoolHolder(holder) is not { } previous) return ManagementResult<AgentSnapshot>.Fail(ManagementError.ExtensionNotFound);
        if (!await pool.TransferAsync(username, holder!, Holder)) return ManagementResult<AgentSnapshot>.Fail(ManagementError.ExtensionNotFound);

        var agent = Agent(username);
        var role = (await agent.GetAsync())?.Role ?? AgentRole.Agent;
        await GrainFactory.GetGrain<IProjectGrain>(IProjectGrain.KeyFor(TenantId, previous)).ForgetSeatAsync(username);
        await agent.LeaveProjectAsync(previous);
        var snapshot = await agent.JoinProjectAsync(new AgentAssignment(Code, state.State.ProjectId, role));
        if (role == AgentRole.ProjectManager) state.State.ManagerExtensions.Add(username);
        else state.State.Extensions.Add(username);
        await state.WriteStateAsync();
        log.LogInformation("Extension {Extension} moved from project {From} to {To}", username, previous, Code);
        return ManagementResult<AgentSnapshot>.Success(snapshot);
    }

    public async Task ForgetSeatAsync(string username)
    {
        var removed = state.State.Extensions.Remove(username) | state.State.ManagerExtensions.Remove(username);
        state.State.Claimed.Remove(username);
        if (removed) await state.WriteStateAsync();
    }

    public async Task<ManagementResult<int>> SendMessageAsync(string? username, string content)
    {
        if (!state.State.Exists) return ManagementResult<int>.Fail(ManagementError.ProjectNotFound);
        if (state.State.Status == ProjectStatus.Finished) return ManagementResult<int>.Fail(ManagementError.ProjectFinished);
        IReadOnlyList<string> targets;
        if (username is null) targets = AllNumbers();
        else if (AllNumbers().Contains(username)) targets = [username];
        else return ManagementResult<int>.Fail(ManagementError.AgentNotInProject);
        var now = clock.GetUtcNow();
        foreach (var target in targets)
            await GrainFactory.PublishAsync(new AgentMessage(TenantId, now, target, Code, AgentMessageKind.BackOffice, content));
        return ManagementResult<int>.Success(targets.Count);
    }

    public async Task<ManagementResult> FinishAsync()
    {
        if (!state.State.Exists) return ManagementResult.Fail(ManagementError.ProjectNotFound);
        if (state.State.Status == ProjectStatus.Finished) return ManagementResult.Fail(ManagementError.NothingDone, "the project is already finished");

        // Tasks first, so the dialer offers no new calls to agents that are about to go.
        foreach (var participant in participants)
            await participant.OnProjectFinishingAsync(TenantId, Code, state.State.CallTaskCodes.ToList(), GrainFactory);
        var numbers = AllNumbers();
        foreach (var number in numbers)
        {
            await Agent(number).LeaveProjectAsync(Code);
            await GrainFactory.GetGrain<IExtensionGrain>(IExtensionGrain.KeyFor(TenantId, number)).RemoveAsync();
        }
        await GrainFactory.GetGrain<IExtensionPoolGrain>(IExtensionPoolGrain.KeyFor(TenantId)).ReleaseAsync(Holder, numbers);

        // The record stays (status finished) so the code is not reused and its call logs keep their meaning.
        state.State.Status = ProjectStatus.Finished;
        state.State.FinishedAt = clock.GetUtcNow();
        await state.WriteStateAsync();
        log.LogInformation("Project {ProjectCode} of tenant {TenantId} finished; {Count} extensions released", Code, TenantId, numbers.Count);
        return ManagementResult.Success;
    }

    public async Task<ManagementResult> RegisterTaskAsync(string callTaskCode)
    {
        if (!state.State.Exists) return ManagementResult.Fail(ManagementError.ProjectNotFound);
        if (state.State.Status == ProjectStatus.Finished) return ManagementResult.Fail(ManagementError.ProjectFinished);
        if (state.State.CallTaskCodes.Contains(callTaskCode)) return ManagementResult.Success;
        state.State.CallTaskCodes.Add(callTaskCode);
        await state.WriteStateAsync();
        return ManagementResult.Success;
    }

    private async Task ProvisionAsync(string number, AgentAssignment assignment)
    {
        var extension = GrainFactory.GetGrain<IExtensionGrain>(IExtensionGrain.KeyFor(TenantId, number));
        // A retried creation keeps the password it already generated: an agent may have it by now.
        if (await extension.GetAsync() is null) await extension.ProvisionAsync(new ExtensionProvisioning(Credentials.SipPassword(), $"{Code} {number}"));
        await Agent(number).JoinProjectAsync(assignment);
    }

    private IAgentGrain Agent(string number) => GrainFactory.GetGrain<IAgentGrain>(IAgentGrain.KeyFor(TenantId, number));

    private List<string> AllNumbers() => [.. state.State.Extensions, .. state.State.ManagerExtensions];

    private ProjectInfo Info() => new(
        TenantId, Code, state.State.ProjectId, state.State.Seats, state.State.Certificate, state.State.Status,
        state.State.Extensions.ToList(), state.State.ManagerExtensions.ToList(), state.State.CallTaskCodes.ToList(),
        state.State.CreatedAt, state.State.FinishedAt);
}
