using System.Text;

namespace CallCenter.Edge.Stomp;

/// <summary>
/// One destination of one tenant: its subscribers and its recent publications. Publishing and subscribing take the topic's
/// lock, so every subscriber sees the destination's publications in one order, a resume replays exactly what a live
/// subscriber would have seen, and nothing is delivered twice or skipped around a SUBSCRIBE. Delivery under the lock only
/// queues (never waits for a network), so a slow client cannot hold publishers up.
/// </summary>
internal sealed class StompTopic(string epoch, int historySize, TimeSpan retention)
{
    private readonly object _gate = new();
    private readonly List<StompSubscription> _subscriptions = [];
    private readonly Queue<StompPublication> _history = new();
    private long _seq;
    private long _lastActivity = TimeProvider.System.GetTimestamp();
    private bool _retired;

    public string Epoch { get; } = epoch;

    public int SubscriberCount
    {
        get { lock (_gate) return _subscriptions.Count; }
    }

    public void Publish(string body)
    {
        var bodyBytes = Encoding.UTF8.GetByteCount(body);
        lock (_gate)
        {
            var publication = new StompPublication(Epoch, ++_seq, body, bodyBytes, TimeProvider.System.GetTimestamp());
            _lastActivity = publication.PublishedAt;
            if (historySize > 0)
            {
                _history.Enqueue(publication);
                while (_history.Count > historySize) _history.Dequeue();
            }
            foreach (var subscription in _subscriptions)
            {
                // A false return means that session is closing (slow consumer or gone); it unsubscribes itself.
                subscription.Session.Deliver(subscription, publication, replayed: false);
            }
        }
    }

    /// <returns>False if the topic was retired meanwhile; the broker then uses a fresh one.</returns>
    public bool TryAdd(StompSubscription subscription, StompResumePoint? resume, out StompResumeOutcome outcome)
    {
        lock (_gate)
        {
            outcome = StompResumeOutcome.NotRequested;
            if (_retired) return false;
            if (resume is { } point)
            {
                var replay = Replayable(point);
                outcome = replay is null ? StompResumeOutcome.Gap : StompResumeOutcome.Complete;
                foreach (var publication in replay ?? []) subscription.Session.Deliver(subscription, publication, replayed: true);
            }
            _subscriptions.Add(subscription);
            _lastActivity = TimeProvider.System.GetTimestamp();
            return true;
        }
    }

    public void Remove(StompSubscription subscription)
    {
        lock (_gate)
        {
            _subscriptions.Remove(subscription);
            _lastActivity = TimeProvider.System.GetTimestamp();
        }
    }

    /// <summary>Retires the topic if nobody subscribes and its history has expired.</summary>
    /// <returns>True if retired: the broker forgets it, and a later subscriber starts a new epoch.</returns>
    public bool TryRetire()
    {
        lock (_gate)
        {
            if (_retired) return true;
            if (_subscriptions.Count > 0 || TimeProvider.System.GetElapsedTime(_lastActivity) <= retention) return false;
            _retired = true;
            _history.Clear();
            return true;
        }
    }

    /// <summary>What was published after <paramref name="point"/>, or null if that cannot be told completely.</summary>
    private List<StompPublication>? Replayable(StompResumePoint point)
    {
        if (point.Epoch != Epoch || point.After < 0 || point.After > _seq) return null;
        var replay = _history.Where(p => p.Seq > point.After && TimeProvider.System.GetElapsedTime(p.PublishedAt) <= retention).ToList();
        var first = replay.Count > 0 ? replay[0].Seq : _seq + 1;
        return first == point.After + 1 ? replay : null;
    }
}
