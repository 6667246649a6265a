using CallCenter.Calls;

namespace CallCenter.Extensions;

/// <summary>A SIP endpoint (分机 / seatPhone / extn / extno) as every dialect sees it. Never carries the password.</summary>
/// <param name="Extension">The number, unique within the tenant's SIP domain.</param>
/// <param name="Registered">Whether a phone is registered now (from switch events, not from requests).</param>
/// <param name="Contact">The registered contact URI, when registered.</param>
/// <param name="AssignedTo">Who uses the extension (a seat, an agent): registration changes are forwarded there.</param>
[GenerateSerializer, Immutable, Alias("extensions.ExtensionInfo")]
public sealed record ExtensionInfo(
    string TenantId,
    string Extension,
    string? DisplayName,
    bool Registered,
    string? Contact,
    DateTimeOffset? RegisteredAt,
    LegOwner? AssignedTo);

/// <summary>Sent to an extension when a phone registers or unregisters, and by the extension to its assignee.</summary>
/// <param name="At">When the registration changed, by the switch's clock (to a new assignee: the extension's last change,
/// or now if it never changed).</param>
[GenerateSerializer, Immutable, Alias("extensions.ExtensionRegistrationChanged")]
public sealed record ExtensionRegistrationChanged(string TenantId, string Extension, bool Registered, string? Contact, DateTimeOffset At);
