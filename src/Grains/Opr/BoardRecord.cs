using CallCenter.Opr;

namespace CallCenter.Grains.Opr;

/// <summary>One board: its cord configuration and up to two parties.</summary>
public sealed class BoardRecord
{
    public BoardMode Mode { get; set; }
    public PartyRecord? A { get; set; }
    public PartyRecord? B { get; set; }

    /// <summary>The leg of a busy party's outside conversation the operator barged into (insert on a busy party).</summary>
    public string? InsertTargetLegId { get; set; }

    /// <summary>query_phone with isCall: dial this once the announcement on <see cref="AnnounceLegId"/> ends.</summary>
    public string? DialAfterAnnounce { get; set; }
    public BoardSide DialAfterAnnounceSide { get; set; }
    public string? AnnounceLegId { get; set; }

    public PartyRecord? Party(BoardSide side) => side == BoardSide.A ? A : B;

    public void SetParty(BoardSide side, PartyRecord? party)
    {
        if (side == BoardSide.A) A = party;
        else B = party;
    }

    public bool IsEmpty => A is null && B is null;
}
