using System.Collections.Concurrent;
using CallCenter.Opr;
using Microsoft.Extensions.Hosting;

namespace CallCenter.Edge.Opr;

/// <summary>
/// The talk_to_opr requests this edge holds open, waiting for the calling seat's decision: one observer per edge, named
/// as <see cref="TalkRequest.ReplyTo"/> in every request it makes.
/// </summary>
internal sealed class OprTalkDecisions(IClusterClient grains) : ITalkDecisionObserver, IHostedService
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource<TalkDecision>> _waiting = new(StringComparer.Ordinal);
    private ITalkDecisionObserver? _self;

    /// <summary>This edge's reference, to put in a <see cref="TalkRequest"/>.</summary>
    public ITalkDecisionObserver Reference => _self ?? throw new InvalidOperationException("the edge has not started");

    /// <summary>Starts waiting for <paramref name="talkId"/>'s decision; dispose the result to stop.</summary>
    public Waiter Wait(string talkId)
    {
        var decided = new TaskCompletionSource<TalkDecision>(TaskCreationOptions.RunContinuationsAsynchronously);
        _waiting[talkId] = decided;
        return new Waiter(this, talkId, decided.Task);
    }

    public Task OnTalkDecidedAsync(TalkDecision decision)
    {
        if (_waiting.TryRemove(decision.TalkId, out var decided)) decided.TrySetResult(decision);
        return Task.CompletedTask;
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _self = grains.CreateObjectReference<ITalkDecisionObserver>(this);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        if (_self is not null) grains.DeleteObjectReference<ITalkDecisionObserver>(_self);
        _self = null;
        return Task.CompletedTask;
    }

    internal sealed class Waiter(OprTalkDecisions owner, string talkId, Task<TalkDecision> decided) : IDisposable
    {
        public Task<TalkDecision> Decided { get; } = decided;

        public void Dispose() => owner._waiting.TryRemove(talkId, out _);
    }
}
