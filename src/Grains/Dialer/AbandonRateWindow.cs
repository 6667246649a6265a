namespace CallCenter.Grains.Dialer;

/// <summary>
/// Answered and abandoned calls of a task in hourly buckets (kept 24 h) and daily buckets (kept 30 days): the two windows
/// over which the abandon-rate cap is measured. Small and serializable, so it lives in the task's state and survives
/// restarts.
/// </summary>
public sealed class AbandonRateWindow
{
    public List<AbandonBucket> Hours { get; set; } = [];
    public List<AbandonBucket> Days { get; set; } = [];

    public void Record(DateTimeOffset at, bool abandoned)
    {
        Add(Hours, at.ToUnixTimeSeconds() / 3600, abandoned, 24);
        Add(Days, at.ToUnixTimeSeconds() / 86400, abandoned, 30);
    }

    public (long Answered, long Abandoned) Last24Hours(DateTimeOffset now) => Sum(Hours, now.ToUnixTimeSeconds() / 3600, 24);

    public (long Answered, long Abandoned) Last30Days(DateTimeOffset now) => Sum(Days, now.ToUnixTimeSeconds() / 86400, 30);

    public static double Rate((long Answered, long Abandoned) counts) => counts.Answered == 0 ? 0 : (double)counts.Abandoned / counts.Answered;

    private static void Add(List<AbandonBucket> buckets, long index, bool abandoned, int keep)
    {
        var bucket = buckets.Count > 0 && buckets[^1].Index == index ? buckets[^1] : null;
        if (bucket is null)
        {
            bucket = new AbandonBucket { Index = index };
            buckets.Add(bucket);
            buckets.RemoveAll(b => b.Index <= index - keep);
        }
        bucket.Answered++;
        if (abandoned) bucket.Abandoned++;
    }

    private static (long, long) Sum(List<AbandonBucket> buckets, long index, int keep)
    {
        long answered = 0, abandoned = 0;
        foreach (var b in buckets)
        {
            if (b.Index <= index - keep) continue;
            answered += b.Answered;
            abandoned += b.Abandoned;
        }
        return (answered, abandoned);
    }
}

public sealed class AbandonBucket
{
    public long Index { get; set; }
    public long Answered { get; set; }
    public long Abandoned { get; set; }
}
