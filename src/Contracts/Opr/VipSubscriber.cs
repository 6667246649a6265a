namespace CallCenter.Opr;

/// <summary>Who wants userstate_change pushes for an important (VIP) number.</summary>
[GenerateSerializer, Immutable, Alias("opr.VipSubscriber")]
public sealed record VipSubscriber(string SeatId, string OperatorId);
