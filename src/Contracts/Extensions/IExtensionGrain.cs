using CallCenter.Calls;

namespace CallCenter.Extensions;

/// <summary>
/// One SIP endpoint of a tenant. Key: <c>TenantIds.Key(tenant, "ext/" + extension)</c> (see <see cref="KeyFor"/>).
/// Provisioning stores the SIP password encrypted at rest and tells the switch to accept the user; registration state
/// comes from switch events.
/// </summary>
[Alias("extensions.IExtensionGrain")]
public interface IExtensionGrain : IGrainWithStringKey
{
    /// <returns>The extension, or null if it was never provisioned (or was removed).</returns>
    Task<ExtensionInfo?> GetAsync();

    /// <summary>Creates the extension or changes its password / display name, and provisions it on the switch.</summary>
    Task<ExtensionInfo> ProvisionAsync(ExtensionProvisioning request);

    /// <summary>The SIP password, for handing credentials to the extension's own user (e.g. getByCertificate).</summary>
    Task<string?> RevealPasswordAsync();

    /// <summary>Removes it from the switch (dropping any registration) and forgets it.</summary>
    Task RemoveAsync();

    /// <summary>Says who uses the extension; null unassigns.</summary>
    Task AssignAsync(LegOwner? assignee);

    /// <summary>From the event router: a phone registered or unregistered. One-way, so changes may arrive out of order:
    /// one older (<see cref="ExtensionRegistrationChanged.At"/>) than the newest seen is ignored.</summary>
    [OneWay]
    Task OnRegistrationAsync(ExtensionRegistrationChanged change);

    public static string KeyFor(string tenantId, string extension) => ExtensionKeys.Extension(tenantId, extension);
}

/// <summary>What an extension is provisioned with. The password is a secret: never logged.</summary>
[GenerateSerializer, Immutable, Alias("extensions.ExtensionProvisioning")]
public sealed record ExtensionProvisioning(string Password, string? DisplayName = null);

/// <summary>An extension's assignee also implements this to hear about registration changes.</summary>
[Alias("extensions.IExtensionAssignee")]
public interface IExtensionAssignee : IGrainWithStringKey
{
    /// <summary>One-way: the extension notifies from <see cref="IExtensionGrain.AssignAsync"/>, which assignees await.
    /// Orleans keeps no order between one-way calls, so a register/unregister pair may arrive the other way round: an
    /// assignee either reads <see cref="IExtensionGrain.GetAsync"/> (what is true now; the extension never awaits an
    /// assignee) or orders changes by <see cref="ExtensionRegistrationChanged.At"/>.</summary>
    [OneWay]
    Task OnExtensionRegistrationAsync(ExtensionRegistrationChanged change);
}
