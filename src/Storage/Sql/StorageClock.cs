namespace CallCenter.Storage.Sql;

/// <summary>
/// Times in storage are kept to the microsecond, PostgreSQL's resolution, by every provider (the in-memory one included),
/// so a reminder reads back exactly as written whichever provider is configured.
/// </summary>
internal static class StorageClock
{
    private const long TicksPerMicrosecond = TimeSpan.TicksPerMicrosecond;

    public static DateTimeOffset ToMicroseconds(DateTimeOffset value)
    {
        var utc = value.UtcTicks;
        return new DateTimeOffset(utc - utc % TicksPerMicrosecond, TimeSpan.Zero);
    }

    public static TimeSpan ToMicroseconds(TimeSpan value) => new(value.Ticks - value.Ticks % TicksPerMicrosecond);

    public static long ToUnixMicroseconds(DateTimeOffset value) => (value.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / TicksPerMicrosecond;

    public static DateTimeOffset FromUnixMicroseconds(long value) => new(DateTimeOffset.UnixEpoch.UtcTicks + value * TicksPerMicrosecond, TimeSpan.Zero);

    public static long ToMicrosecondCount(TimeSpan value) => value.Ticks / TicksPerMicrosecond;

    public static TimeSpan FromMicrosecondCount(long value) => new(value * TicksPerMicrosecond);
}
