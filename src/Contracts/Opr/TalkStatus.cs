namespace CallCenter.Opr;

/// <summary>A party's call state on a board (wire <c>talkstatus</c>), always derived from switch events.</summary>
[GenerateSerializer, Alias("opr.TalkStatus")]
public enum TalkStatus
{
    /// <summary>We asked the switch to dial; nothing heard back yet.</summary>
    Calling,
    /// <summary>The far end rings (or an offered caller waits to be picked up).</summary>
    Ring,
    /// <summary>The number refused the call as busy (USER_BUSY); the party stays on the board for insert or release.</summary>
    Busy,
    /// <summary>Answered: the party is on the line.</summary>
    HookOff,
    /// <summary>Handed over from another board or seat and waiting (on hold) until this operator talks to it.</summary>
    TpRing,
}
