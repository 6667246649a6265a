using System.Diagnostics;

namespace CallCenter.Bench;

/// <summary>A call's argument as the contracts declare theirs: a generated serializer, and <c>[Immutable]</c> so a local
/// call passes the reference instead of a deep copy.</summary>
[GenerateSerializer, Immutable, Alias("bench.PingArgs")]
public sealed record PingArgs(int Value, string Tag);

/// <summary>The same argument without <c>[Immutable]</c>: Orleans deep-copies it on every local call (what a contract
/// type that forgot the attribute costs).</summary>
[GenerateSerializer, Alias("bench.CopiedPingArgs")]
public sealed record CopiedPingArgs(int Value, string Tag);

[Alias("bench.IRuntimeBenchGrain")]
public interface IRuntimeBenchGrain : IGrainWithStringKey
{
    Task<int> Ping(PingArgs args);

    Task<int> PingCopied(CopiedPingArgs args);
}

/// <summary>The cheapest possible grain method: what is measured is the runtime around it.</summary>
[GrainType("runtime-bench")]
public sealed class RuntimeBenchGrain : Grain, IRuntimeBenchGrain
{
    private int _calls;

    public Task<int> Ping(PingArgs args)
    {
        _calls++;
        return Task.FromResult(args.Value + _calls);
    }

    public Task<int> PingCopied(CopiedPingArgs args)
    {
        _calls++;
        return Task.FromResult(args.Value + _calls);
    }
}

[Alias("bench.IRuntimeBenchCallerGrain")]
public interface IRuntimeBenchCallerGrain : IGrainWithStringKey
{
    /// <summary>Calls the target grain <paramref name="target"/> one call at a time until <paramref name="duration"/> has
    /// passed.</summary>
    /// <returns>The calls completed.</returns>
    Task<long> CallFor(string target, TimeSpan duration, bool copied);
}

/// <summary>A grain calling a grain: the grain → grain row of the runtime benchmark.</summary>
[GrainType("runtime-bench-caller")]
public sealed class RuntimeBenchCallerGrain : Grain, IRuntimeBenchCallerGrain
{
    public async Task<long> CallFor(string target, TimeSpan duration, bool copied)
    {
        var grain = GrainFactory.GetGrain<IRuntimeBenchGrain>(target);
        var tag = this.GetPrimaryKeyString();
        var started = Stopwatch.GetTimestamp();
        long calls = 0;
        while (Stopwatch.GetElapsedTime(started) < duration)
        {
            if (copied) await grain.PingCopied(new CopiedPingArgs((int)calls, tag));
            else await grain.Ping(new PingArgs((int)calls, tag));
            calls++;
        }
        return calls;
    }
}

public sealed class RuntimeBenchState
{
    public long Calls { get; set; }

    public string Note { get; set; } = "";
}

[Alias("bench.IRuntimeBenchStateGrain")]
public interface IRuntimeBenchStateGrain : IGrainWithStringKey
{
    Task<long> IncrementAndWrite();
}

/// <summary>A call that persists its state each time: the "calls with a state write" variant, for any storage provider.</summary>
[GrainType("runtime-bench-state")]
public sealed class RuntimeBenchStateGrain([PersistentState("bench", "Default")] IPersistentState<RuntimeBenchState> state) : Grain, IRuntimeBenchStateGrain
{
    public async Task<long> IncrementAndWrite()
    {
        state.State.Calls++;
        state.State.Note = $"call {state.State.Calls}";
        await state.WriteStateAsync();
        return state.State.Calls;
    }
}
