using System.Net;

namespace CallCenter.Edge.SockJs;

/// <summary>
/// One SockJS session: the bounded outbox, at most one receiving connection at a time (a streaming response, a pending
/// poll, or the session's websocket), the open/close frame bookkeeping, and in-order delivery of inbound messages to the
/// application. Transports drive it; it never touches the network itself.
/// </summary>
internal sealed class SockJsSession : ISockJsChannel
{
    private readonly object _gate = new();
    private readonly SockJsOutbox _outbox;
    private readonly SemaphoreSlim _inbound = new(1, 1);
    private readonly ILogger _log;
    private ISockJsConnectionHandler? _handler;
    private object? _receiver;
    private bool _openSent;
    private long _idleSince;
    private int _closedNotified;

    public SockJsSession(string id, string transport, IPAddress? remoteAddress, SockJsOptions options, ILogger log)
    {
        Id = id;
        Transport = transport;
        RemoteAddress = remoteAddress;
        _outbox = new SockJsOutbox(options.MaxQueuedMessages, options.MaxQueuedChars);
        _log = log;
        _idleSince = TimeProvider.System.GetTimestamp();
    }

    /// <summary>The client-chosen session id (unique per client only by the client's randomness).</summary>
    public string Id { get; }

    public string Transport { get; }

    public IPAddress? RemoteAddress { get; }

    public bool IsClosed => _outbox.CloseFrame is not null;

    /// <summary>The frame a closed session answers every request with, or null while open.</summary>
    public string? CloseFrame => _outbox.CloseFrame;

    /// <summary>Connects the application; called once, before the session is visible to other requests.</summary>
    public void Start(ISockJsConnectionHandler handler) => _handler = handler;

    public bool TrySend(string message) => _outbox.TryEnqueue(message);

    public void Close(string? finalMessage = null, bool discardPending = false) => CloseWith(SockJsFrames.GoAway, finalMessage, discardPending);

    public void CloseWithCode(int code, string reason, string? finalMessage = null, bool discardPending = false)
        => CloseWith(SockJsFrames.Close(code, reason), finalMessage, discardPending);

    /// <summary>The transport refused an inbound message: the application answers (a STOMP ERROR) and closes with
    /// <paramref name="code"/>; without an application, the close frame alone says why.</summary>
    public void Refuse(int code, string reason)
    {
        if (IsClosed) return;
        if (_handler is { } handler) handler.OnMessageRefused(code, reason);
        CloseWithCode(code, reason, discardPending: true);
    }

    /// <summary>Closes with a specific close frame (the transports use 1002 for interrupted or broken connections).</summary>
    public void CloseWith(string closeFrame, string? finalMessage = null, bool discardPending = false)
    {
        if (!_outbox.Close(closeFrame, finalMessage, discardPending)) return;
        if (Interlocked.Exchange(ref _closedNotified, 1) != 0) return;
        var handler = _handler;
        if (handler is null) return;
        // Never inline: Close may be called by the application from inside its own locks (a publisher fanning out under
        // the broker's topic lock), and the application's close handling takes other locks.
        ThreadPool.QueueUserWorkItem(static state =>
        {
            var (session, handler) = state;
            try
            {
                handler.OnClosed();
            }
            catch (Exception e)
            {
                session._log.LogError(e, "SockJS session {SessionId}: the application's close handler failed", session.Id);
            }
        }, (this, handler), preferLocal: false);
    }

    /// <summary>Makes <paramref name="receiver"/> the session's receiving connection.</summary>
    /// <returns>False if another connection is receiving (the caller answers "Another connection still open").</returns>
    public bool TryAttach(object receiver)
    {
        lock (_gate)
        {
            if (_receiver is not null) return false;
            _receiver = receiver;
            return true;
        }
    }

    /// <param name="interrupted">The client went away while the connection was receiving: the session is closed, since
    /// what was in flight may be lost and the client cannot know.</param>
    public void Detach(object receiver, bool interrupted)
    {
        lock (_gate)
        {
            if (!ReferenceEquals(_receiver, receiver)) return;
            _receiver = null;
            _idleSince = TimeProvider.System.GetTimestamp();
        }
        if (interrupted) CloseWith(SockJsFrames.ConnectionInterrupted, discardPending: true);
    }

    /// <summary>
    /// The next frame for the attached receiver: "o" first, then "a[...]" with everything queued, "h" when nothing came
    /// for <paramref name="heartbeat"/>, and finally the close frame (<c>Final</c>), which is answered again to every later
    /// request until the session is forgotten.
    /// </summary>
    public async ValueTask<(string Frame, bool Final)> NextFrameAsync(TimeSpan heartbeat, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (!_openSent)
            {
                _openSent = true;
                return (SockJsFrames.Open, false);
            }
        }
        while (true)
        {
            var messages = _outbox.TakeAll(out var closeFrame);
            if (messages.Count > 0) return (SockJsFrames.Messages(messages), false);
            if (closeFrame is not null) return (closeFrame, true);
            if (!await _outbox.WaitAsync(heartbeat, cancellationToken).ConfigureAwait(false)) return (SockJsFrames.Heartbeat, false);
        }
    }

    /// <summary>Hands inbound messages to the application one at a time, in order, even if a client overlaps two sends.</summary>
    public async Task DeliverAsync(IReadOnlyList<string> messages, HttpContext request, CancellationToken cancellationToken)
    {
        var handler = _handler ?? throw new InvalidOperationException("session not started");
        await _inbound.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            foreach (var message in messages)
            {
                if (IsClosed) return;
                await handler.OnMessageAsync(message, request, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            _inbound.Release();
        }
    }

    /// <summary>True when no connection has been receiving for longer than <paramref name="delay"/>: the client is gone
    /// (or, for a closed session, has had its chance to read the close frame).</summary>
    public bool IsIdleLongerThan(TimeSpan delay)
    {
        lock (_gate)
        {
            return _receiver is null && TimeProvider.System.GetElapsedTime(_idleSince) > delay;
        }
    }
}
