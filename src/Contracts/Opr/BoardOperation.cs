namespace CallCenter.Opr;

/// <summary>The board commands that take only a board index (wire msgTypes sidea, sideb, third, ab, monitor, inserta,
/// insertb, splita, splitb, releasea, releaseb, clean_board).</summary>
[GenerateSerializer, Alias("opr.BoardOperation")]
public enum BoardOperation
{
    SideA,
    SideB,
    Third,
    Ab,
    Monitor,
    InsertA,
    InsertB,
    SplitA,
    SplitB,
    ReleaseA,
    ReleaseB,
    CleanBoard,
}
