namespace CallCenter.Runtime.Tests.Grains;

/// <summary>A positional record as state: it has no parameterless constructor.</summary>
public sealed record BoardLayout(string Name = "untitled", int Windows = 1);

public sealed class BoardNotes
{
    public List<string> Lines { get; set; } = [];
}

public sealed record BoardView(BoardLayout Layout, IReadOnlyList<string> Notes);

public interface IBoardGrain : IGrainWithStringKey
{
    Task Rename(string name);

    Task Note(string line);

    Task<BoardView> Get();

    Task Deactivate();
}

/// <summary>Two states, one of them in a storage other than "Default".</summary>
[GrainType("board")]
public sealed class BoardGrain(
    [PersistentState("layout")] IPersistentState<BoardLayout> layout,
    [PersistentState("notes", "Secondary")] IPersistentState<BoardNotes> notes) : Grain, IBoardGrain
{
    public async Task Rename(string name)
    {
        layout.State = layout.State with { Name = name };
        await layout.WriteStateAsync();
    }

    public async Task Note(string line)
    {
        notes.State.Lines.Add(line);
        await notes.WriteStateAsync();
    }

    public Task<BoardView> Get() => Task.FromResult(new BoardView(layout.State, [.. notes.State.Lines]));

    public Task Deactivate()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }
}
