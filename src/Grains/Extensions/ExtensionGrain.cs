using CallCenter.Calls;
using CallCenter.Extensions;
using CallCenter.Grains.Security;
using CallCenter.Grains.Switching;
using CallCenter.Telephony;
using CallCenter.Tenancy;
using Microsoft.Extensions.Logging;

namespace CallCenter.Grains.Extensions;

[GrainType("extension")]
public sealed class ExtensionGrain(
    [PersistentState("extension")] IPersistentState<ExtensionState> state,
    ISwitch telephony,
    ISecretProtector secrets,
    LegOwnerKinds owners,
    TimeProvider clock,
    ILogger<ExtensionGrain> log) : Grain, IExtensionGrain
{
    private const int MaxPasswordLength = 128;

    private (string TenantId, string Extension)? _key;

    // The newest switch timestamp of a registration event this activation has seen, including re-registrations that
    // changed nothing (and so were not written): a delayed older event must not undo them.
    private DateTimeOffset _newestSeen = DateTimeOffset.MinValue;

    private string TenantId => (_key ??= ExtensionKeys.Parse(this.GetPrimaryKeyString())).TenantId;

    private string Extension => (_key ??= ExtensionKeys.Parse(this.GetPrimaryKeyString())).Extension;

    public Task<ExtensionInfo?> GetAsync() => Task.FromResult(state.State.Exists ? ToInfo() : null);

    public async Task<ExtensionInfo> ProvisionAsync(ExtensionProvisioning request)
    {
        if (string.IsNullOrEmpty(request.Password) || request.Password.Length > MaxPasswordLength || request.Password.Any(char.IsControl))
            throw new ArgumentException($"a SIP password must be 1 to {MaxPasswordLength} printable characters");
        if (Extension.Length == 0 || Extension.Length > 32 || !Extension.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '+'))
            throw new ArgumentException($"'{Extension}' is not a valid extension");

        var domain = state.State.Domain
            ?? (await GrainFactory.GetGrain<ITenantGrain>(TenantId).GetProfileAsync())?.SipDomain
            ?? throw new InvalidOperationException($"tenant {TenantId} does not exist");

        // Persist first: if the switch is unreachable the caller sees the error and retries, and the stored state already
        // says what the switch should have; provisioning on the switch is idempotent.
        state.State.Exists = true;
        state.State.Domain = domain;
        state.State.DisplayName = request.DisplayName;
        state.State.ProtectedPassword = secrets.Protect(request.Password);
        await state.WriteStateAsync();
        await telephony.ProvisionExtensionAsync(new ExtensionCredentials(Extension, domain, request.Password, request.DisplayName));
        log.LogInformation("Extension {Extension} of tenant {TenantId} provisioned", Extension, TenantId);
        return ToInfo();
    }

    public Task<string?> RevealPasswordAsync()
        => Task.FromResult(state.State.ProtectedPassword is { } p ? secrets.Unprotect(p) : null);

    public async Task RemoveAsync()
    {
        if (!state.State.Exists) return;
        await telephony.RemoveExtensionAsync(Extension, state.State.Domain!);
        var assignee = state.State.AssignedTo;
        var wasRegistered = state.State.Registered;
        await state.ClearStateAsync();
        state.State = new ExtensionState();
        if (assignee is not null && wasRegistered)
            await NotifyAsync(assignee, new ExtensionRegistrationChanged(TenantId, Extension, false, null, clock.GetUtcNow()));
        log.LogInformation("Extension {Extension} of tenant {TenantId} removed", Extension, TenantId);
    }

    public async Task AssignAsync(LegOwner? assignee)
    {
        if (!state.State.Exists) throw new InvalidOperationException($"extension {Extension} does not exist");
        if (state.State.AssignedTo == assignee) return;
        state.State.AssignedTo = assignee;
        await state.WriteStateAsync();
        // The new assignee starts from the truth rather than waiting for the phone's next re-registration.
        if (assignee is not null)
            await NotifyAsync(assignee, new ExtensionRegistrationChanged(TenantId, Extension, state.State.Registered, state.State.Contact, state.State.ChangedAt ?? clock.GetUtcNow()));
    }

    /// <remarks>
    /// One-way from the event router, which sends one switch event at a time but cannot await this without holding up
    /// every other event behind the write; Orleans keeps no order between one-way calls, so an unregister may arrive
    /// before the register it followed. Changes are ordered by the switch's timestamp instead: one older than the newest
    /// seen is stale and ignored (a re-registration that changes nothing still counts as seen). Two changes with the same
    /// timestamp (a stopped virtual clock) keep their arrival order.
    /// </remarks>
    public async Task OnRegistrationAsync(ExtensionRegistrationChanged change)
    {
        if (!state.State.Exists)
        {
            log.LogWarning("Registration change for unknown extension {Extension} of tenant {TenantId} ignored", Extension, TenantId);
            return;
        }
        var newest = state.State.ChangedAt is { } changed && changed > _newestSeen ? changed : _newestSeen;
        if (change.At < newest)
        {
            log.LogDebug("Extension {Extension}: registration change of {At} is older than {Newest}; ignored", Extension, change.At, newest);
            return;
        }
        _newestSeen = change.At;
        if (state.State.Registered == change.Registered && state.State.Contact == change.Contact) return;
        state.State.Registered = change.Registered;
        state.State.Contact = change.Registered ? change.Contact : null;
        state.State.RegisteredAt = change.Registered ? change.At : null;
        state.State.ChangedAt = change.At;
        await state.WriteStateAsync();
        if (state.State.AssignedTo is { } assignee) await NotifyAsync(assignee, change);
    }

    private Task NotifyAsync(LegOwner assignee, ExtensionRegistrationChanged change)
    {
        try
        {
            return owners.Resolve<IExtensionAssignee>(assignee).OnExtensionRegistrationAsync(change);
        }
        catch (InvalidOperationException e)
        {
            log.LogWarning(e, "Extension {Extension}: assignee {Kind}/{Key} cannot be told of registration changes", Extension, assignee.Kind, assignee.Key);
            return Task.CompletedTask;
        }
    }

    private ExtensionInfo ToInfo()
        => new(TenantId, Extension, state.State.DisplayName, state.State.Registered, state.State.Contact, state.State.RegisteredAt, state.State.AssignedTo);
}
