using CallCenter.Runtime.Tests.Hosting;

namespace CallCenter.Runtime.Tests.Grains;

public sealed class TallyState
{
    public int Total { get; set; }
}

public interface ITallyGrain : IGrainWithStringKey
{
    Task Add(int amount);

    Task<int> GetTotal();
}

/// <summary>Keeps its total in memory and persists it only in OnDeactivateAsync: shutdown must give it that chance.</summary>
[GrainType("tally")]
public sealed class TallyGrain([PersistentState("tally")] IPersistentState<TallyState> state, Probe probe) : Grain, ITallyGrain
{
    private int _total;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _total = state.State.Total;
        return Task.CompletedTask;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        probe.Record($"tally/{GrainKey} deactivating: {reason.ReasonCode}");
        state.State.Total = _total;
        await state.WriteStateAsync(cancellationToken);
    }

    public Task Add(int amount)
    {
        _total += amount;
        return Task.CompletedTask;
    }

    public Task<int> GetTotal() => Task.FromResult(_total);
}
