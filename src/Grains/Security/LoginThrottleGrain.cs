using CallCenter.Security;
using Microsoft.Extensions.Options;

namespace CallCenter.Grains.Security;

/// <summary>
/// Counts one claimant's failed logins in memory. Deliberately not persisted: a write per failed guess would hand an
/// attacker a way to load the database, and a silo restart forgetting a lock-out costs the attacker's next few guesses,
/// not a credential. The activation is kept while it remembers something.
/// </summary>
internal sealed class LoginThrottleGrain(IOptions<LoginThrottleOptions> options, TimeProvider clock) : Grain, ILoginThrottleGrain
{
    private LoginThrottlePolicy? _policy;

    private LoginThrottlePolicy Policy => _policy ??= LoginThrottlePolicy.For(options.Value, LoginThrottleKeys.IsAddressKey(this.GetPrimaryKeyString()));

    public Task<DateTimeOffset?> GetLockedUntilAsync() => Task.FromResult(Policy.Current(clock.GetUtcNow()));

    public Task<DateTimeOffset?> RecordFailureAsync()
    {
        var now = clock.GetUtcNow();
        var locked = Policy.RecordFailure(now);
        // Stay active for as long as the failures or the lock-out matter.
        DelayDeactivation(options.Value.Window + options.Value.MaxLockout);
        return Task.FromResult(locked);
    }

    public Task RecordSuccessAsync()
    {
        Policy.Reset();
        return Task.CompletedTask;
    }
}
