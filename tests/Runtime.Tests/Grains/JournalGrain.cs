using CallCenter.Runtime.Tests.Hosting;

namespace CallCenter.Runtime.Tests.Grains;

public interface IJournalGrain : IGrainWithStringKey
{
    [OneWay]
    Task Append(int entry);

    [OneWay]
    ValueTask AppendSlowly(int entry);

    [OneWay]
    Task FailLater(string message);

    Task<IReadOnlyList<int>> GetEntries();

    Task Block(string gate);

    Task<bool> WaitFor(string gate);

    Task Open(string gate);
}

public sealed class JournalGrain(Probe probe) : Grain, IJournalGrain
{
    private readonly List<int> _entries = [];

    public Task Append(int entry)
    {
        _entries.Add(entry);
        return Task.CompletedTask;
    }

    public async ValueTask AppendSlowly(int entry)
    {
        await Task.Yield();
        _entries.Add(entry);
    }

    public async Task FailLater(string message)
    {
        await Task.Yield();
        throw new InvalidOperationException(message);
    }

    public Task<IReadOnlyList<int>> GetEntries() => Task.FromResult<IReadOnlyList<int>>([.. _entries]);

    public Task Block(string gate) => probe.Gate(gate);

    public async Task<bool> WaitFor(string gate)
    {
        await probe.Gate(gate);
        return true;
    }

    public Task Open(string gate)
    {
        probe.Open(gate);
        return Task.CompletedTask;
    }
}
