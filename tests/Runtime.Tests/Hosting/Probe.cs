using System.Collections.Concurrent;

namespace CallCenter.Runtime.Tests.Hosting;

/// <summary>
/// What test grains report to the test, shared through DI (and across the two hosts of a restart test): an ordered
/// event log, counters, and gates a grain can wait on until the test opens them.
/// </summary>
public sealed class Probe
{
    private readonly ConcurrentQueue<string> _events = new();
    private readonly ConcurrentDictionary<string, int> _counters = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _gates = new();

    public IReadOnlyList<string> Events => [.. _events];

    public void Record(string entry) => _events.Enqueue(entry);

    public IReadOnlyList<string> EventsStartingWith(string prefix) => [.. _events.Where(e => e.StartsWith(prefix, StringComparison.Ordinal))];

    public int Increment(string counter) => _counters.AddOrUpdate(counter, 1, static (_, value) => value + 1);

    public int Count(string counter) => _counters.GetValueOrDefault(counter);

    public Task Gate(string name) => GateSource(name).Task;

    public void Open(string name) => GateSource(name).TrySetResult();

    private TaskCompletionSource GateSource(string name)
        => _gates.GetOrAdd(name, static _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
}
