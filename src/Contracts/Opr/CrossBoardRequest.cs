namespace CallCenter.Opr;

/// <summary>cross_board (倒塞): move one party of a board to another board of the same seat. The party is named by its
/// side, or by its userId when the side is not given.</summary>
[GenerateSerializer, Immutable, Alias("opr.CrossBoardRequest")]
public sealed record CrossBoardRequest(int CurrentBoard, int NextBoard, BoardSide? Side, string? UserId);
