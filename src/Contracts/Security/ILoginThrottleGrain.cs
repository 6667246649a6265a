namespace CallCenter.Security;

/// <summary>
/// Failed logins of one claimant (a credential name from one client address, or a client address as a whole), counted
/// cluster-wide so an attacker gains nothing by spreading guesses over edges. Keyed by <see cref="LoginThrottleKeys"/>.
/// </summary>
[Alias("security.ILoginThrottleGrain")]
public interface ILoginThrottleGrain : IGrainWithStringKey
{
    /// <returns>When the claimant may try again, or null if it is not locked out.</returns>
    Task<DateTimeOffset?> GetLockedUntilAsync();

    /// <summary>Counts a failure.</summary>
    /// <returns>When the claimant may try again, if this failure (or an earlier one) locked it out.</returns>
    Task<DateTimeOffset?> RecordFailureAsync();

    /// <summary>A successful login forgets the claimant's failures (not those of its address as a whole).</summary>
    Task RecordSuccessAsync();
}
