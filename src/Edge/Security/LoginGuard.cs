using System.Collections.Concurrent;
using System.Net;
using CallCenter.Security;

namespace CallCenter.Edge.Security;

/// <summary>
/// Brute-force protection for every login of the edge. Failures are counted cluster-wide by
/// <see cref="ILoginThrottleGrain"/> (per claimed name and address, and per address); lock-outs the cluster reports are
/// remembered here until they end, so a locked-out client is refused without a grain call, and requests that succeed
/// cost nothing unless their claimant failed recently. An edge that has not yet seen a locked-out client fail learns the
/// lock-out on that client's next failure (documented in docs/security.md).
/// </summary>
public sealed class LoginGuard(IGrainFactory grains, TimeProvider clock, ILogger<LoginGuard> log)
{
    private const int PruneAbove = 10_000;
    private readonly ConcurrentDictionary<string, DateTimeOffset> _lockouts = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _recentFailures = new(StringComparer.Ordinal);

    /// <summary>A lock-out this edge already knows of: no grain call.</summary>
    public TimeSpan? KnownLockout(LoginClaim claim, IPAddress? address)
        => Remaining(LoginThrottleKeys.Claimant(claim.Surface, claim.Name, address)) ?? Remaining(LoginThrottleKeys.Address(address));

    /// <summary>Asks the cluster, for logins rare enough to afford it (STOMP CONNECT).</summary>
    public async ValueTask<TimeSpan?> LockoutAsync(LoginClaim claim, IPAddress? address)
    {
        if (KnownLockout(claim, address) is { } known) return known;
        foreach (var key in Keys(claim, address))
        {
            if (await grains.GetGrain<ILoginThrottleGrain>(key).GetLockedUntilAsync() is { } until) return Remember(key, until);
        }
        return null;
    }

    /// <returns>How long the claimant is now locked out, or null if it may keep trying.</returns>
    public async ValueTask<TimeSpan?> FailedAsync(LoginClaim claim, IPAddress? address)
    {
        TimeSpan? locked = null;
        foreach (var key in Keys(claim, address))
        {
            _recentFailures[key] = 0;
            if (await grains.GetGrain<ILoginThrottleGrain>(key).RecordFailureAsync() is { } until)
            {
                var remaining = Remember(key, until);
                if (locked is null)
                    log.LogWarning("Login {Surface} locked out for {Seconds} s after repeated failures from {Address}", claim.Surface, (int)remaining.TotalSeconds, address);
                locked ??= remaining;
            }
        }
        return locked;
    }

    public async ValueTask SucceededAsync(LoginClaim claim, IPAddress? address)
    {
        var key = LoginThrottleKeys.Claimant(claim.Surface, claim.Name, address);
        if (!_recentFailures.TryRemove(key, out _)) return;
        await grains.GetGrain<ILoginThrottleGrain>(key).RecordSuccessAsync();
    }

    private static string[] Keys(LoginClaim claim, IPAddress? address)
        => [LoginThrottleKeys.Claimant(claim.Surface, claim.Name, address), LoginThrottleKeys.Address(address)];

    private TimeSpan? Remaining(string key)
    {
        if (!_lockouts.TryGetValue(key, out var until)) return null;
        var left = until - clock.GetUtcNow();
        if (left > TimeSpan.Zero) return left;
        _lockouts.TryRemove(key, out _);
        return null;
    }

    private TimeSpan Remember(string key, DateTimeOffset until)
    {
        if (_lockouts.Count > PruneAbove) Prune();
        if (_recentFailures.Count > PruneAbove) _recentFailures.Clear();
        _lockouts[key] = until;
        return until - clock.GetUtcNow();
    }

    private void Prune()
    {
        var now = clock.GetUtcNow();
        foreach (var (key, until) in _lockouts) if (until <= now) _lockouts.TryRemove(key, out _);
    }
}
