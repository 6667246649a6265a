namespace CallCenter.Runtime.Core;

/// <summary>
/// Deactivates activations that were not used for <see cref="RuntimeOptions.CollectionAge"/>. Time is counted in ticks
/// of <see cref="RuntimeOptions.CollectionQuantum"/> on the runtime's <see cref="TimeProvider"/>: a turn only copies the
/// current tick number, which costs nothing, and a virtual clock drives collection in tests.
/// </summary>
internal sealed class IdleCollector(GrainRuntime runtime)
{
    private long _tick;
    private ITimer? _timer;

    public long CurrentTick => Volatile.Read(ref _tick);

    /// <summary>Whole quanta an activation must stay unused; with the partial quantum of its last use, it has then been
    /// idle for at least the collection age.</summary>
    private long AgeInTicks => (runtime.Options.CollectionAge.Ticks + runtime.Options.CollectionQuantum.Ticks - 1) / runtime.Options.CollectionQuantum.Ticks;

    public void Start()
    {
        var quantum = runtime.Options.CollectionQuantum;
        _timer ??= runtime.TimeProvider.CreateTimer(static self => ((IdleCollector)self!).Collect(), this, quantum, quantum);
    }

    public void Stop() => Interlocked.Exchange(ref _timer, null)?.Dispose();

    private void Collect()
    {
        var tick = Interlocked.Increment(ref _tick);
        var now = runtime.TimeProvider.GetUtcNow().UtcTicks;
        var age = AgeInTicks;
        var collected = 0;
        foreach (var activation in runtime.Catalog.Activations)
        {
            if (activation.TryCollectIfIdle(tick, age, now)) collected++;
        }
        runtime.Streams.RetireUnused(tick, age);
        if (collected > 0) runtime.Log.IdleActivationsCollected(collected);
    }
}
