using System.Collections.Concurrent;
using CallCenter.Runtime.Messaging;

namespace CallCenter.Runtime.Core;

/// <summary>
/// The activations of this process by grain id (Orleans: the catalog plus the local grain directory). Racing first calls
/// for a grain all end up at the one activation that won the insert.
/// </summary>
internal sealed class ActivationCatalog(GrainRuntime runtime)
{
    private const int ShutdownRounds = 5;

    private readonly ConcurrentDictionary<GrainId, ActivationData> _activations = new();
    private volatile bool _stopped;

    public IEnumerable<ActivationData> Activations => _activations.Values;

    /// <summary>Queues <paramref name="message"/> at its grain's activation, creating the activation if there is none.</summary>
    /// <returns>False if the runtime has stopped.</returns>
    public bool TryDispatch(GrainMessage message)
    {
        if (message.SentAt == 0) message.SentAt = Environment.TickCount64;
        var spin = new SpinWait();
        while (true)
        {
            if (_stopped) return false;
            if (!_activations.TryGetValue(message.Target, out var activation))
            {
                if (!runtime.Registry.TryGetClass(message.Target.Type, out var grainClass))
                {
                    message.RejectAtSend(runtime, new InvalidOperationException($"No grain class has grain type '{message.Target.Type}'."));
                    return true;
                }
                // Building an activation has no side effects, so the loser of a race just drops its instance.
                activation = _activations.GetOrAdd(message.Target, new ActivationData(runtime, message.Target, grainClass));
            }
            if (activation.TryEnqueue(message)) return true;
            // The activation we found has just ended and is about to be replaced or removed: look again.
            spin.SpinOnce(sleep1Threshold: -1);
        }
    }

    /// <summary>Removes an activation that failed to activate.</summary>
    public void Remove(ActivationData activation) => _activations.TryRemove(KeyValuePair.Create(activation.Id, activation));

    /// <summary>
    /// Replaces a deactivated activation: calls that were queued behind its deactivation go, in their order, to a successor
    /// that takes its place in one step, so no later call can overtake them.
    /// </summary>
    public void Retire(ActivationData activation, List<GrainMessage> leftovers)
    {
        var survivors = leftovers.Where(m => m.SurvivesDeactivation && !m.IsAbandoned).ToList();
        if (survivors.Count == 0 || _stopped)
        {
            Remove(activation);
            foreach (var message in survivors) message.Reject(runtime, StoppedException());
            return;
        }
        var successor = new ActivationData(runtime, activation.Id, activation.GrainClass, survivors);
        runtime.BeginWork();
        if (_activations.TryUpdate(activation.Id, successor, activation))
        {
            successor.Start();
            return;
        }
        // Not reachable while only an activation retires itself; keep the calls rather than lose them.
        runtime.EndWork();
        Remove(activation);
        foreach (var message in survivors)
        {
            if (!TryDispatch(message)) message.Reject(runtime, StoppedException());
        }
    }

    /// <summary>Deactivates everything (OnDeactivateAsync runs), in rounds, since a deactivating grain may call others;
    /// then refuses new calls.</summary>
    public async Task DeactivateAllAsync(CancellationToken cancellationToken)
    {
        var reason = new DeactivationReason(DeactivationReasonCode.ShuttingDown, "the host is stopping");
        for (var round = 0; round < ShutdownRounds && !_activations.IsEmpty; round++)
        {
            var activations = _activations.Values.ToList();
            foreach (var activation in activations) activation.EnqueueDeactivation(reason);
            var all = Task.WhenAll(activations.Select(a => a.Ended));
            try
            {
                await all.WaitAsync(runtime.Options.DeactivationTimeout + runtime.Options.CallTimeout, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                runtime.Log.ShutdownIncomplete(activations.Count(a => !a.Ended.IsCompleted));
                break;
            }
        }
        _stopped = true;
    }

    public InvalidOperationException StoppedException() => new("The grain runtime has stopped; no more calls are accepted.");
}
