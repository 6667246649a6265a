namespace CallCenter.Grains.Security;

/// <summary>Section "Security:LoginThrottle": when repeated failed logins lock a claimant out.</summary>
public sealed class LoginThrottleOptions
{
    public const string SectionName = "Security:LoginThrottle";

    /// <summary>Failures of one name from one address, within <see cref="Window"/>, that lock it out.</summary>
    public int MaxFailures { get; set; } = 5;

    /// <summary>Failures from one address over all names that lock the address out.</summary>
    public int MaxAddressFailures { get; set; } = 50;

    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>The first lock-out; each further one while failures keep coming doubles it, up to <see cref="MaxLockout"/>.</summary>
    public TimeSpan Lockout { get; set; } = TimeSpan.FromMinutes(1);

    public TimeSpan MaxLockout { get; set; } = TimeSpan.FromMinutes(15);
}
