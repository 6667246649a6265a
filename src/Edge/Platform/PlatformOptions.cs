namespace CallCenter.Edge.Platform;

/// <summary>Section "Platform": the operator of CallCenter itself (not a tenant) onboarding customers.</summary>
public sealed class PlatformOptions
{
    /// <summary>Bearer key for <c>/platform/...</c>. Empty: the platform API is switched off (404). Supply it from a
    /// secret store (<c>Platform__AdminKey</c>); it is never logged.</summary>
    public string? AdminKey { get; set; }
}
