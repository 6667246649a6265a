using CallCenter.Opr;

namespace CallCenter.Grains.Opr;

/// <summary>What a seat persists: configuration, login, handset, the 14 boards and a talk in progress.</summary>
public sealed class SeatState
{
    public bool Registered { get; set; }
    public string? SeatGroupNo { get; set; }
    public string? SeatPhone { get; set; }
    public string? CallbackUrl { get; set; }
    public string? SipDomain { get; set; }

    /// <summary>The group's public number, shown as caller id on the calls the operator places.</summary>
    public string? GroupPhone { get; set; }

    public string? OperatorId { get; set; }
    public DateTimeOffset? LoggedInAt { get; set; }

    /// <summary>From the seat phone's registration events; null until the first one.</summary>
    public bool? PhoneRegistered { get; set; }

    public int ActiveBoard { get; set; } = 1;
    public List<BoardRecord> Boards { get; set; } = [];
    public HandsetRecord Handset { get; set; } = new();
    public TalkRecord? Talk { get; set; }

    /// <summary>Talks that ended before this seat heard of them (the offer and its end are one-way messages from the other
    /// seat and may arrive in either order), so a late offer is not shown; the newest few.</summary>
    public List<string> EndedTalks { get; set; } = [];

    public BoardRecord Board(int index)
    {
        while (Boards.Count < OprKeys.BoardCount) Boards.Add(new BoardRecord());
        return Boards[index - 1];
    }
}
