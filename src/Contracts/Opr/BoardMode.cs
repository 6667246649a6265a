namespace CallCenter.Opr;

/// <summary>
/// How a board's cords are patched (the wire's <c>boardstatus</c>). The mode says who talks to whom on the board; whether
/// the operator is in it depends on the board being the active one (docs/opr-boards.md has the full state machine).
/// </summary>
[GenerateSerializer, Alias("opr.BoardMode")]
public enum BoardMode
{
    /// <summary>Wire <c>null</c>: nothing on the board.</summary>
    Empty,
    /// <summary>前塞: the operator talks to A; B, if any, waits on hold.</summary>
    SideA,
    /// <summary>后塞: the operator talks to B; A waits on hold.</summary>
    SideB,
    /// <summary>监听: A and B talk; the operator listens unheard.</summary>
    Monitor,
    /// <summary>强插前塞: the operator barges into A's conversation.</summary>
    InsertA,
    /// <summary>强插后塞: the operator barges into B's conversation.</summary>
    InsertB,
    /// <summary>三方: A, B and the operator all talk.</summary>
    Third,
    /// <summary>分割前塞: an established A–B connection split; the operator talks to A, B holds.</summary>
    SplitA,
    /// <summary>分割后塞: split; the operator talks to B, A holds.</summary>
    SplitB,
    /// <summary>退三方: A and B connected, the operator has dropped out.</summary>
    Ab,
}
