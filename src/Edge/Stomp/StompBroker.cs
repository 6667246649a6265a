using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace CallCenter.Edge.Stomp;

/// <summary>
/// The in-process STOMP broker of this edge. Topics are keyed by (tenant, destination) and a session subscribes under its
/// own tenant only, so a publication for tenant A can reach no session of tenant B, whatever the destination string.
/// Destinations match exactly (no wildcards: the management API's destinations are all concrete).
/// </summary>
internal sealed class StompBroker : IStompBroker, IDisposable
{
    private readonly ConcurrentDictionary<(string TenantId, string Destination), StompTopic> _topics = new();
    private readonly StompOptions _options;
    private readonly ITimer _sweeper;
    // Epochs combine a per-process random part with a counter: unique across restarts and edges, so a client resuming
    // against a different broker instance is told "gap" rather than replayed someone else's numbering.
    private readonly string _instance = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
    private long _epochs;

    public StompBroker(IOptions<StompOptions> options)
    {
        _options = options.Value;
        var period = TimeSpan.FromTicks(Math.Clamp(_options.ResumeRetention.Ticks / 2, TimeSpan.FromMilliseconds(100).Ticks, TimeSpan.FromSeconds(30).Ticks));
        _sweeper = TimeProvider.System.CreateTimer(static state => ((StompBroker)state!).Sweep(), this, period, period);
    }

    public ValueTask PublishAsync(string tenantId, string destination, string jsonBody, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(tenantId);
        ArgumentException.ThrowIfNullOrEmpty(destination);
        ArgumentNullException.ThrowIfNull(jsonBody);
        // Nobody subscribed (and nobody recently): nothing to deliver and nothing worth keeping for a resume.
        if (_topics.TryGetValue((tenantId, destination), out var topic)) topic.Publish(jsonBody);
        return ValueTask.CompletedTask;
    }

    public StompResumeOutcome Subscribe(string tenantId, StompSubscription subscription, StompResumePoint? resume)
    {
        var key = (tenantId, subscription.Destination);
        while (true)
        {
            var topic = _topics.GetOrAdd(key, static (_, broker) => broker.NewTopic(), this);
            if (topic.TryAdd(subscription, resume, out var outcome)) return outcome;
            // Retired by the sweeper between lookup and add: make sure it is gone, then start a fresh topic.
            _topics.TryRemove(new KeyValuePair<(string, string), StompTopic>(key, topic));
        }
    }

    public void Unsubscribe(string tenantId, StompSubscription subscription)
    {
        if (_topics.TryGetValue((tenantId, subscription.Destination), out var topic)) topic.Remove(subscription);
    }

    /// <summary>Subscribers of a destination (diagnostics and tests).</summary>
    public int SubscriberCount(string tenantId, string destination)
        => _topics.TryGetValue((tenantId, destination), out var topic) ? topic.SubscriberCount : 0;

    internal void Sweep()
    {
        foreach (var (key, topic) in _topics)
        {
            if (topic.TryRetire()) _topics.TryRemove(new KeyValuePair<(string, string), StompTopic>(key, topic));
        }
    }

    private StompTopic NewTopic()
        => new($"{_instance}-{Interlocked.Increment(ref _epochs):x}", _options.ResumeHistorySize, _options.ResumeRetention);

    public void Dispose() => _sweeper.Dispose();
}
