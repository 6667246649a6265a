using System.Collections.Concurrent;

namespace CallCenter.Bench;

/// <summary>
/// <c>dialer-throughput --count-calls</c>: every grain call (and observer notification, and timer tick) a silo runs,
/// counted by target interface and method, with one-way calls marked, so a lifecycle's message overhead can be read per
/// call site. An incoming call filter; it costs a dictionary update per call, so the throughput of a counting run is not
/// a figure to report.
/// </summary>
internal sealed class GrainCallCounter : IIncomingGrainCallFilter
{
    private readonly ConcurrentDictionary<string, long> _counts = new(StringComparer.Ordinal);

    public async Task Invoke(IIncomingGrainCallContext context)
    {
        var oneWay = context.InterfaceMethod?.IsDefined(typeof(OneWayAttribute), inherit: true) == true;
        var name = $"{context.InterfaceMethod?.DeclaringType?.Name ?? context.TargetId.Type.ToString()}.{context.MethodName}{(oneWay ? " (one-way)" : "")}";
        _counts.AddOrUpdate(name, 1, static (_, n) => n + 1);
        await context.Invoke();
    }

    public Dictionary<string, long> Snapshot() => new(_counts, StringComparer.Ordinal);
}
