namespace CallCenter.Grains.Security;

/// <summary>
/// The lock-out rule, pure: failures inside a sliding window; reaching the threshold locks the claimant out, each
/// lock-out in a row twice as long as the one before (capped). Failures while locked out do not count again, so a
/// client hammering a locked account does not lengthen its own sentence beyond the next step.
/// </summary>
public sealed class LoginThrottlePolicy(int maxFailures, TimeSpan window, TimeSpan lockout, TimeSpan maxLockout)
{
    private readonly Queue<DateTimeOffset> _failures = new();
    private int _lockouts;

    public DateTimeOffset? LockedUntil { get; private set; }

    public static LoginThrottlePolicy For(LoginThrottleOptions options, bool address)
        => new(address ? options.MaxAddressFailures : options.MaxFailures, options.Window, options.Lockout, options.MaxLockout);

    public DateTimeOffset? Current(DateTimeOffset now) => LockedUntil is { } until && until > now ? until : null;

    public DateTimeOffset? RecordFailure(DateTimeOffset now)
    {
        if (Current(now) is { } locked) return locked;
        while (_failures.TryPeek(out var oldest) && now - oldest >= window) _failures.Dequeue();
        // A quiet window since the last lock-out starts the doubling afresh.
        if (_failures.Count == 0 && LockedUntil is { } last && now - last >= window) _lockouts = 0;
        _failures.Enqueue(now);
        if (_failures.Count < maxFailures) return null;
        _failures.Clear();
        var length = TimeSpan.FromTicks(Math.Min(maxLockout.Ticks, lockout.Ticks * (1L << Math.Min(_lockouts, 20))));
        _lockouts++;
        LockedUntil = now + length;
        return LockedUntil;
    }

    public void Reset()
    {
        _failures.Clear();
        _lockouts = 0;
        LockedUntil = null;
    }

    /// <summary>Nothing left to remember: the grain may deactivate without losing anything that matters.</summary>
    public bool IsIdle(DateTimeOffset now) => _failures.Count == 0 && Current(now) is null;
}
