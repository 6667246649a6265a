namespace CallCenter.Runtime.Diagnostics;

/// <summary>
/// The reminder service's clock under test: the given (virtual) clock, with every wake reported to the
/// <see cref="QuiescenceTracker"/> until the woken loop arms its next timer or delivers a tick. Registered under Orleans'
/// <c>ReminderTimeProviderNames.Reminders</c> key.
/// </summary>
public sealed class TrackedReminderClock(TimeProvider clock, QuiescenceTracker tracker) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => clock.GetUtcNow();

    public override long GetTimestamp() => clock.GetTimestamp();

    public override long TimestampFrequency => clock.TimestampFrequency;

    public override TimeZoneInfo LocalTimeZone => clock.LocalTimeZone;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        tracker.OnReminderClockArmed();
        return clock.CreateTimer(s =>
        {
            tracker.OnReminderClockWake();
            callback(s);
        }, state, dueTime, period);
    }
}
