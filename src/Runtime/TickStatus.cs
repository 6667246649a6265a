namespace CallCenter.Runtime;

/// <summary>
/// Describes one reminder tick (Orleans: <c>TickStatus</c>). The runtime moves a reminder's stored due time forward after
/// each delivered tick, so after a restart <see cref="FirstTickTime"/> is the first tick not yet delivered.
/// </summary>
public readonly struct TickStatus(DateTime firstTickTime, TimeSpan period, DateTime timeStamp)
{
    /// <summary>When the first tick of the current schedule was due (UTC).</summary>
    public DateTime FirstTickTime { get; } = firstTickTime;

    public TimeSpan Period { get; } = period;

    /// <summary>When this tick was due (UTC); it is delivered late when the host was down or the grain busy.</summary>
    public DateTime CurrentTickTime { get; } = timeStamp;

    public override string ToString() => $"first {FirstTickTime:O}, period {Period}, current {CurrentTickTime:O}";
}
