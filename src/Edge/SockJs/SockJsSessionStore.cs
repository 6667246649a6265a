using System.Collections.Concurrent;

namespace CallCenter.Edge.SockJs;

/// <summary>
/// The HTTP-transport sessions of one SockJS endpoint, by session id. Websocket-transport sessions are not kept here: the
/// protocol lets several websockets share a session id, and their lifetime is the socket's. A periodic sweep closes
/// sessions whose client stopped polling and forgets closed ones once their close frame had time to be read.
/// </summary>
internal sealed class SockJsSessionStore : IDisposable
{
    private readonly ConcurrentDictionary<string, SockJsSession> _sessions = new(StringComparer.Ordinal);
    private readonly SockJsOptions _options;
    private readonly ILogger _log;
    private readonly ITimer _sweeper;

    public SockJsSessionStore(SockJsOptions options, ILogger log)
    {
        _options = options;
        _log = log;
        // Wall-clock time on purpose (here and in the transports): these timeouts concern real sockets and real clients,
        // and must keep running when tests drive the domain with a virtual clock.
        var period = TimeSpan.FromTicks(Math.Clamp(options.DisconnectDelay.Ticks / 2, TimeSpan.FromMilliseconds(50).Ticks, TimeSpan.FromSeconds(1).Ticks));
        _sweeper = TimeProvider.System.CreateTimer(static state => ((SockJsSessionStore)state!).Sweep(), this, period, period);
    }

    public int Count => _sessions.Count;

    public SockJsSession? Find(string id) => _sessions.TryGetValue(id, out var session) ? session : null;

    /// <summary>Adds a started session unless one with the same id appeared meanwhile, or the store is full.</summary>
    /// <returns>The session now registered under the id (the candidate or the one that won), or null when full.</returns>
    public SockJsSession? AddOrGetExisting(SockJsSession candidate)
    {
        if (_sessions.TryGetValue(candidate.Id, out var existing)) return existing;
        if (_sessions.Count >= _options.MaxSessions) return null;
        return _sessions.GetOrAdd(candidate.Id, candidate);
    }

    internal void Sweep()
    {
        foreach (var (id, session) in _sessions)
        {
            if (!session.IsIdleLongerThan(_options.DisconnectDelay)) continue;
            if (!session.IsClosed)
            {
                _log.LogDebug("SockJS session {SessionId} timed out: no receiving connection", id);
                session.Close();
            }
            _sessions.TryRemove(new KeyValuePair<string, SockJsSession>(id, session));
        }
    }

    /// <summary>Closes every session (host shutdown), so applications release what they hold.</summary>
    public void CloseAll()
    {
        foreach (var (id, session) in _sessions)
        {
            session.Close();
            _sessions.TryRemove(new KeyValuePair<string, SockJsSession>(id, session));
        }
    }

    public void Dispose()
    {
        _sweeper.Dispose();
        CloseAll();
    }
}
