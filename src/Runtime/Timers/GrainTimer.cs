using CallCenter.Runtime.Core;

namespace CallCenter.Runtime.Timers;

/// <summary>
/// A timer registered by a grain. Each tick is a message through the grain's mailbox, so the callback runs as a turn;
/// the next tick is scheduled only after the callback completes, so ticks never overlap or pile up.
/// </summary>
internal sealed class GrainTimer : IDisposable
{
    private readonly ActivationData _activation;
    private readonly Func<object?, Task> _callback;
    private readonly object? _state;
    private readonly TimeSpan _dueTime;
    private readonly TimeSpan _period;
    private ITimer? _timer;
    private int _tickQueued;
    private volatile bool _disposed;

    public GrainTimer(ActivationData activation, Func<object?, Task> callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        if (dueTime < TimeSpan.Zero && dueTime != Timeout.InfiniteTimeSpan)
            throw new ArgumentOutOfRangeException(nameof(dueTime), dueTime, "A timer's due time must not be negative.");
        if (period < TimeSpan.Zero && period != Timeout.InfiniteTimeSpan)
            throw new ArgumentOutOfRangeException(nameof(period), period, "A timer's period must not be negative (use Timeout.InfiniteTimeSpan for one tick).");
        _activation = activation;
        _callback = callback;
        _state = state;
        _dueTime = dueTime;
        _period = period;
    }

    private bool IsPeriodic => _period > TimeSpan.Zero;

    public void Start()
    {
        var timer = _activation.Runtime.TimeProvider.CreateTimer(static self => ((GrainTimer)self!).OnDue(), this, _dueTime, Timeout.InfiniteTimeSpan);
        _timer = timer;
        if (_disposed) timer.Dispose();
    }

    private void OnDue()
    {
        if (_disposed || Interlocked.Exchange(ref _tickQueued, 1) == 1) return;
        if (!_activation.TryEnqueue(new TimerTickMessage(_activation.Id, this))) Volatile.Write(ref _tickQueued, 0);
    }

    /// <summary>Runs the callback as a turn of the grain, then arms the next tick.</summary>
    public async ValueTask TickAsync()
    {
        if (_disposed) return;
        try
        {
            await _callback(_state).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            _activation.Runtime.Log.TimerCallbackFailed(exception, _activation.Id);
        }
        finally
        {
            Volatile.Write(ref _tickQueued, 0);
            if (IsPeriodic && !_disposed) Rearm();
            else if (!IsPeriodic) Dispose();
        }
    }

    private void Rearm()
    {
        try
        {
            _timer?.Change(_period, Timeout.InfiniteTimeSpan);
        }
        catch (ObjectDisposedException)
        {
            // disposed concurrently: nothing to arm
        }
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _timer?.Dispose();
        _activation.RemoveTimer(this);
    }
}
