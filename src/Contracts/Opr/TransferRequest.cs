namespace CallCenter.Opr;

/// <summary>transfer_opr: hand one party of a board to another seat, which takes it into one of its boards.</summary>
[GenerateSerializer, Immutable, Alias("opr.TransferRequest")]
public sealed record TransferRequest(int BoardIndex, BoardSide? Side, string? UserId, string TargetSeatId);
