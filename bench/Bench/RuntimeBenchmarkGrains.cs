using CallCenter.Runtime;

namespace CallCenter.Bench;

public interface IRuntimeBenchGrain : IGrainWithStringKey
{
    Task<int> Ping(int value);
}

/// <summary>The cheapest possible grain method: what is measured is the runtime around it.</summary>
public sealed class RuntimeBenchGrain : Grain, IRuntimeBenchGrain
{
    private int _calls;

    public Task<int> Ping(int value)
    {
        _calls++;
        return Task.FromResult(value + _calls);
    }
}

public sealed class RuntimeBenchState
{
    public long Calls { get; set; }

    public string Note { get; set; } = "";
}

public interface IRuntimeBenchStateGrain : IGrainWithStringKey
{
    Task<long> IncrementAndWrite();
}

/// <summary>A call that persists its state each time: the "calls with a state write" variant, for any storage provider.</summary>
[GrainType("runtime-bench-state")]
public sealed class RuntimeBenchStateGrain([PersistentState("bench")] IPersistentState<RuntimeBenchState> state) : Grain, IRuntimeBenchStateGrain
{
    public async Task<long> IncrementAndWrite()
    {
        state.State.Calls++;
        state.State.Note = $"call {state.State.Calls}";
        await state.WriteStateAsync();
        return state.State.Calls;
    }
}
