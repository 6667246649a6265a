namespace CallCenter.Grains.Opr;

/// <summary>An operator-to-operator talk (席连) this seat takes part in.</summary>
public sealed class TalkRecord
{
    public string TalkId { get; set; } = "";
    public string PeerSeatId { get; set; } = "";
    public string PeerOperatorId { get; set; } = "";
    public string SelfOperatorId { get; set; } = "";

    /// <summary>True on the calling operator's seat.</summary>
    public bool Outgoing { get; set; }

    public bool Accepted { get; set; }
    public string Conference { get; set; } = "";

    public string Operator1Id => Outgoing ? SelfOperatorId : PeerOperatorId;
    public string Operator2Id => Outgoing ? PeerOperatorId : SelfOperatorId;
}
