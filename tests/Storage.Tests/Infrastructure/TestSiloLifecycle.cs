using Orleans;
using Orleans.Runtime;

namespace CallCenter.Storage.Tests.Infrastructure;

/// <summary>
/// The part of a silo's lifecycle that providers see: they subscribe observers at stages, and the silo starts the
/// stages in ascending order. Lets a test start Orleans' providers (ADO.NET storage reads its statements there) the way a
/// silo would, without a silo.
/// </summary>
public sealed class TestSiloLifecycle : ISiloLifecycle
{
    private readonly List<(int Stage, string Name, ILifecycleObserver Observer)> _observers = [];

    public int HighestCompletedStage { get; private set; } = int.MinValue;

    public int LowestStoppedStage { get; private set; } = int.MaxValue;

    public IDisposable Subscribe(string observerName, int stage, ILifecycleObserver observer)
    {
        _observers.Add((stage, observerName, observer));
        return new Unsubscriber(() => _observers.RemoveAll(o => o.Observer == observer));
    }

    /// <summary>Lets every participant subscribe, then starts the stages in order.</summary>
    public static async Task<TestSiloLifecycle> StartAsync(IEnumerable<ILifecycleParticipant<ISiloLifecycle>> participants)
    {
        var lifecycle = new TestSiloLifecycle();
        foreach (var participant in participants) participant.Participate(lifecycle);
        foreach (var stage in lifecycle._observers.GroupBy(o => o.Stage).OrderBy(g => g.Key))
        {
            await Task.WhenAll(stage.Select(o => o.Observer.OnStart(CancellationToken.None)));
            lifecycle.HighestCompletedStage = stage.Key;
        }
        return lifecycle;
    }

    private sealed class Unsubscriber(Action unsubscribe) : IDisposable
    {
        public void Dispose() => unsubscribe();
    }
}
