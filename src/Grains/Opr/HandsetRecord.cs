using CallCenter.Opr;

namespace CallCenter.Grains.Opr;

/// <summary>The operator's handset leg (to the seat phone).</summary>
public sealed class HandsetRecord
{
    public string? LegId { get; set; }
    public HandsetStatus Status { get; set; } = HandsetStatus.Init;
    public DateTimeOffset? StartTime { get; set; }

    /// <summary>What the switch was last told for the handset: "park", "conf:NAME", "conf-muted:NAME", "barge:LEG";
    /// null: unknown.</summary>
    public string? Media { get; set; }

    public bool Up => LegId is not null && Status == HandsetStatus.HookOff;
}
