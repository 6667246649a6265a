namespace CallCenter.Opr;

/// <summary>The two cords of a board: A is the front cord (usually the caller), B the back cord (whom the operator dials).</summary>
[GenerateSerializer, Alias("opr.BoardSide")]
public enum BoardSide
{
    A,
    B,
}
