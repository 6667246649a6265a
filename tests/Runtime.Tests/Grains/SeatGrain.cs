using CallCenter.Runtime.Tests.Hosting;
using Microsoft.Extensions.Logging;

namespace CallCenter.Runtime.Tests.Grains;

public sealed class SeatState
{
    public string? Agent { get; set; }

    public int Logins { get; set; }

    public List<string> History { get; set; } = [];
}

public sealed record SeatView(string? Agent, int Logins, IReadOnlyList<string> History, bool RecordExists, string? Etag);

public interface ISeatGrain : IGrainWithStringKey
{
    Task Login(string agent);

    /// <summary>Changes the state in memory only.</summary>
    Task SetAgentWithoutWriting(string agent);

    Task Write();

    Task<SeatView> Get();

    Task Clear();

    Task Deactivate();
}

/// <summary>The shape of the project's grains: stable type name, persistent state and a logger from DI.</summary>
[GrainType("seat")]
public sealed class SeatGrain([PersistentState("seat")] IPersistentState<SeatState> state, Probe probe, ILogger<SeatGrain> log) : Grain, ISeatGrain
{
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // State is read before OnActivateAsync: the test checks what the grain saw here.
        probe.Record($"seat/{GrainKey} activated: agent={state.State.Agent ?? "none"} logins={state.State.Logins} exists={state.RecordExists}");
        log.LogDebug("Seat {Seat} activated", GrainKey);
        return Task.CompletedTask;
    }

    public async Task Login(string agent)
    {
        state.State.Agent = agent;
        state.State.Logins++;
        state.State.History.Add(agent);
        await state.WriteStateAsync();
    }

    public Task SetAgentWithoutWriting(string agent)
    {
        state.State.Agent = agent;
        return Task.CompletedTask;
    }

    public Task Write() => state.WriteStateAsync();

    public Task<SeatView> Get()
        => Task.FromResult(new SeatView(state.State.Agent, state.State.Logins, [.. state.State.History], state.RecordExists, state.Etag));

    public Task Clear() => state.ClearStateAsync();

    public Task Deactivate()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }
}
