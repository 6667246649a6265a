using CallCenter.Runtime.Tests.Hosting;

namespace CallCenter.Runtime.Tests.Grains;

public sealed record CounterSnapshot(int Count, int Overlaps, string ActivationId);

public interface ICounterGrain : IGrainWithStringKey
{
    Task<int> Increment();

    Task<CounterSnapshot> GetSnapshot();

    ValueTask<int> GetCount();

    ValueTask Reset();

    Task Deactivate();
}

/// <summary>Counts with a read-modify-write split across awaits, and notices if two turns ever overlap.</summary>
public sealed class CounterGrain : Grain, ICounterGrain
{
    private readonly string _activationId = Guid.NewGuid().ToString("N");
    private int _count;
    private int _overlaps;
    private bool _inTurn;

    public CounterGrain(Probe probe)
    {
        probe.Increment($"counter-constructed/{this.GetPrimaryKeyString()}");
    }

    public async Task<int> Increment()
    {
        if (_inTurn) _overlaps++;
        _inTurn = true;
        var read = _count;
        await Task.Yield();
        await Task.Delay(0);
        _count = read + 1;
        _inTurn = false;
        return _count;
    }

    public Task<CounterSnapshot> GetSnapshot() => Task.FromResult(new CounterSnapshot(_count, _overlaps, _activationId));

    public ValueTask<int> GetCount() => ValueTask.FromResult(_count);

    public async ValueTask Reset()
    {
        await Task.Yield();
        _count = 0;
    }

    public Task Deactivate()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }
}
