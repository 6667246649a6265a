namespace CallCenter.Edge.SockJs;

/// <summary>
/// The bounded queue of messages waiting to go to one client, shared by every transport. Producers (the broker fanning
/// out a publication, the STOMP session answering a frame) never wait: <see cref="TryEnqueue"/> either queues or reports
/// that the client is too far behind. The single consumer is whichever connection is currently receiving.
/// </summary>
internal sealed class SockJsOutbox(int maxMessages, int maxChars)
{
    private readonly object _gate = new();
    private readonly Queue<string> _queue = new();
    private int _queuedChars;
    private string? _closeFrame;
    private TaskCompletionSource _signal = NewSignal();

    /// <summary>The close frame once the outbox is closing (no more messages accepted), else null.</summary>
    public string? CloseFrame
    {
        get { lock (_gate) return _closeFrame; }
    }

    /// <returns>False if the outbox is closed or the message would exceed either bound; the message is then dropped.</returns>
    public bool TryEnqueue(string message)
    {
        lock (_gate)
        {
            if (_closeFrame is not null) return false;
            if (_queue.Count >= maxMessages || _queuedChars + message.Length > maxChars) return false;
            _queue.Enqueue(message);
            _queuedChars += message.Length;
            Wake();
            return true;
        }
    }

    /// <summary>
    /// Stops accepting messages. <paramref name="finalMessage"/> (e.g. a STOMP ERROR or RECEIPT) is queued regardless of
    /// the bounds, after what is queued, or instead of it when <paramref name="discardPending"/> (a slow consumer gets its
    /// ERROR promptly instead of after the backlog it could not read). Idempotent: only the first call has effect.
    /// </summary>
    /// <returns>True on the first call.</returns>
    public bool Close(string closeFrame, string? finalMessage = null, bool discardPending = false)
    {
        lock (_gate)
        {
            if (_closeFrame is not null) return false;
            _closeFrame = closeFrame;
            if (discardPending)
            {
                _queue.Clear();
                _queuedChars = 0;
            }
            if (finalMessage is not null)
            {
                _queue.Enqueue(finalMessage);
                _queuedChars += finalMessage.Length;
            }
            Wake();
            return true;
        }
    }

    /// <summary>Takes every queued message (possibly none), and the close frame if the outbox is closing. Both come from
    /// one look under the lock, so a final message queued together with the close is never skipped: the caller sends
    /// what it took first and the close frame only when a take returns no messages.</summary>
    public List<string> TakeAll(out string? closeFrame)
    {
        lock (_gate)
        {
            var messages = new List<string>(_queue.Count);
            while (_queue.TryDequeue(out var message)) messages.Add(message);
            _queuedChars = 0;
            closeFrame = _closeFrame;
            return messages;
        }
    }

    /// <summary>Waits until there is something to take or the outbox closes.</summary>
    /// <returns>False if <paramref name="timeout"/> passed first (time for a heartbeat).</returns>
    public async ValueTask<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        Task signal;
        lock (_gate)
        {
            if (_queue.Count > 0 || _closeFrame is not null) return true;
            signal = _signal.Task;
        }
        try
        {
            await signal.WaitAsync(timeout, TimeProvider.System, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    private void Wake()
    {
        // Continuations run asynchronously: a publisher holding the broker's locks must never run a transport's write
        // loop inline.
        var signal = _signal;
        _signal = NewSignal();
        signal.TrySetResult();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
