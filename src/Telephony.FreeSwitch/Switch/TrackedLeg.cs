namespace CallCenter.Telephony.FreeSwitch;

/// <summary>What the driver remembers about a live leg, so that events which do not carry the leg's own variables (the
/// partner side of a bridge, a conference member) can still be stamped with its call id and cc_* variables.</summary>
internal sealed class TrackedLeg(string legId)
{
    public string LegId { get; } = legId;

    public string? CallId { get; set; }

    public IReadOnlyDictionary<string, string> Variables { get; set; } = SwitchEvent.EmptyVariables;

    public DateTimeOffset? CreatedAt { get; set; }

    public DateTimeOffset? AnsweredAt { get; set; }

    public string? BridgedTo { get; set; }

    public bool Held { get; set; }

    /// <summary>CHANNEL_HANGUP seen: the leg is on its way out (its CHANNEL_HANGUP_COMPLETE follows).</summary>
    public bool HangingUp { get; set; }
}
