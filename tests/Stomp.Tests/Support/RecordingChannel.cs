using CallCenter.Edge.SockJs;

namespace CallCenter.Stomp.Tests.Support;

/// <summary>An <see cref="ISockJsChannel"/> that keeps what is sent, with the same bounded-queue semantics as the real
/// transports (nothing is ever taken, so <paramref name="capacity"/> messages fill it).</summary>
internal sealed class RecordingChannel(int capacity = int.MaxValue) : ISockJsChannel
{
    private readonly object _gate = new();
    private readonly List<string> _sent = [];
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string Transport => "test";

    public bool IsClosed => _closed.Task.IsCompleted;

    /// <summary>Completes when the session closes the channel.</summary>
    public Task Closed => _closed.Task;

    public bool DiscardedPending { get; private set; }

    /// <summary>The websocket close code the session asked for (1000 for a plain close).</summary>
    public int CloseCode { get; private set; } = SockJsCloseCode.Normal;

    public IReadOnlyList<string> Sent
    {
        get { lock (_gate) return [.. _sent]; }
    }

    public bool TrySend(string message)
    {
        lock (_gate)
        {
            if (IsClosed || _sent.Count >= capacity) return false;
            _sent.Add(message);
            return true;
        }
    }

    public void CloseWithCode(int code, string reason, string? finalMessage = null, bool discardPending = false)
    {
        lock (_gate)
        {
            if (!IsClosed) CloseCode = code;
        }
        Close(finalMessage, discardPending);
    }

    public void Close(string? finalMessage = null, bool discardPending = false)
    {
        lock (_gate)
        {
            if (IsClosed) return;
            if (discardPending)
            {
                DiscardedPending = true;
                _sent.Clear();
            }
            if (finalMessage is not null) _sent.Add(finalMessage);
            _closed.TrySetResult();
        }
    }
}
