using CallCenter.Opr;

namespace CallCenter.Grains.Opr;

/// <summary>A party on a board: one leg of ours (or, for a busy number, the attempt that failed).</summary>
public sealed class PartyRecord
{
    public string LegId { get; set; } = "";
    public string CallId { get; set; } = "";
    public string Phone { get; set; } = "";

    /// <summary>An inbound caller (picked up): the switch answers it when it joins a conference.</summary>
    public bool Inbound { get; set; }

    /// <summary>False once the leg is gone but the party stays shown (busy).</summary>
    public bool Live { get; set; } = true;

    public TalkStatus? Status { get; set; }
    public DateTimeOffset? StartTime { get; set; }

    /// <summary>The conference we last put the leg in, and whether we last held it: what the switch was told, so only
    /// differences are sent. Null: unknown (after a restart), so the next reconciliation tells the switch again.</summary>
    public string? MediaConference { get; set; }
    public bool? MediaHeld { get; set; }

    public bool Answered => Live && Status is TalkStatus.HookOff or TalkStatus.TpRing;
}
