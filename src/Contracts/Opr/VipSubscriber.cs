namespace CallCenter.Opr;

/// <summary>Who wants userstate_change pushes for an important (VIP) number.</summary>
public sealed record VipSubscriber(string SeatId, string OperatorId);
