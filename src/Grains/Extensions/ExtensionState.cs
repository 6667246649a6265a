using CallCenter.Calls;

namespace CallCenter.Grains.Extensions;

public sealed class ExtensionState
{
    public bool Exists { get; set; }
    public string? Domain { get; set; }
    public string? DisplayName { get; set; }
    /// <summary>Encrypted with the secret protector; never stored or logged in clear.</summary>
    public string? ProtectedPassword { get; set; }
    public bool Registered { get; set; }
    public string? Contact { get; set; }
    public DateTimeOffset? RegisteredAt { get; set; }
    /// <summary>The switch's timestamp of the last registration change applied (register or unregister): older events
    /// that arrive late are ignored.</summary>
    public DateTimeOffset? ChangedAt { get; set; }
    public LegOwner? AssignedTo { get; set; }
}
