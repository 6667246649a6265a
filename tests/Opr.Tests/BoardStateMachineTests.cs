using CallCenter.Edge.Opr;
using CallCenter.Grains.Opr;

namespace CallCenter.Opr.Tests;

/// <summary>
/// The board transition table of docs/opr-boards.md, cell by cell, against the state machine the seat grain runs
/// (<see cref="BoardRules"/>, as <c>SeatGrain.ExecuteAsync</c> applies it): code and table must stay in step.
/// </summary>
public sealed class BoardStateMachineTests
{
    private static string ThisFile([System.Runtime.CompilerServices.CallerFilePath] string path = "") => path;

    private static readonly string[] Columns = ["empty", "A only", "A, B ringing", "A, B built", "A, B joined", "A, B busy"];

    private static PartyRecord Answered(string leg) => new() { LegId = leg, Phone = leg, Status = TalkStatus.HookOff };

    /// <summary>One board per column of the table.</summary>
    private static BoardRecord Situation(string column) => column switch
    {
        "empty" => new BoardRecord(),
        "A only" => new BoardRecord { Mode = BoardMode.SideA, A = Answered("a") },
        "A, B ringing" => new BoardRecord { Mode = BoardMode.SideB, A = Answered("a"), B = new PartyRecord { LegId = "b", Phone = "b", Status = TalkStatus.Ring } },
        "A, B built" => new BoardRecord { Mode = BoardMode.SideB, A = Answered("a"), B = Answered("b") },
        "A, B joined" => new BoardRecord { Mode = BoardMode.Third, A = Answered("a"), B = Answered("b") },
        "A, B busy" => new BoardRecord { Mode = BoardMode.SideB, A = Answered("a"), B = new PartyRecord { LegId = "b", Phone = "b", Status = TalkStatus.Busy, Live = false } },
        _ => throw new ArgumentException(column),
    };

    private static readonly Dictionary<string, BoardOperation> Operations = new()
    {
        ["sidea"] = BoardOperation.SideA, ["sideb"] = BoardOperation.SideB, ["third"] = BoardOperation.Third, ["ab"] = BoardOperation.Ab,
        ["monitor"] = BoardOperation.Monitor, ["inserta"] = BoardOperation.InsertA, ["insertb"] = BoardOperation.InsertB,
        ["splita"] = BoardOperation.SplitA, ["splitb"] = BoardOperation.SplitB, ["releasea"] = BoardOperation.ReleaseA,
        ["releaseb"] = BoardOperation.ReleaseB, ["clean_board"] = BoardOperation.CleanBoard,
    };

    /// <summary>What the seat does with a board operation, minus the switch.</summary>
    private static string Outcome(BoardRecord board, BoardOperation operation)
    {
        if (BoardRules.Check(board, operation) is { } reason) return "✗ " + reason;
        switch (operation)
        {
            case BoardOperation.ReleaseA: board.A = null; break;
            case BoardOperation.ReleaseB: board.B = null; break;
            case BoardOperation.CleanBoard: board.A = board.B = null; break;
            default: board.Mode = BoardRules.ModeAfter(operation); break;
        }
        BoardRules.Normalize(board);
        return OprWire.Mode(board.Mode) ?? "null";
    }

    [Fact]
    public void The_documented_transition_table_is_what_the_seat_does()
    {
        var docs = Path.Combine(Path.GetDirectoryName(ThisFile())!, "..", "..", "docs", "opr-boards.md");
        var lines = File.ReadAllLines(docs);
        var start = Array.FindIndex(lines, l => l.Contains("<!-- board-matrix:start -->"));
        var end = Array.FindIndex(lines, l => l.Contains("<!-- board-matrix:end -->"));
        var rows = lines[(start + 1)..end].Select(l => l.Trim().Trim('|').Split('|').Select(c => c.Trim()).ToArray()).ToList();
        Assert.Equal(["operation", .. Columns], rows[0]);

        var documented = new HashSet<BoardOperation>();
        foreach (var row in rows.Skip(2))
        {
            var operation = Operations[row[0].TrimEnd('†').Trim()];
            documented.Add(operation);
            for (var c = 0; c < Columns.Length; c++)
            {
                Assert.True(row[c + 1] == Outcome(Situation(Columns[c]), operation),
                    $"{row[0]} on '{Columns[c]}': the table says '{row[c + 1]}', the code does '{Outcome(Situation(Columns[c]), operation)}'");
            }
            Assert.Equal(row[0].EndsWith('†'), BoardRules.Activates(operation));
        }
        Assert.Equal(Enum.GetValues<BoardOperation>().ToHashSet(), documented);
    }
}
