using CallCenter.Runtime.Tests.Hosting;

namespace CallCenter.Runtime.Tests.Grains;

public interface ITimerGrain : IGrainWithStringKey
{
    Task Start(TimeSpan dueTime, TimeSpan period);

    Task Stop();

    Task<int> Ping();

    Task Deactivate();
}

/// <summary>Counts ticks and checks that a tick never overlaps a call (both are turns).</summary>
public sealed class TimerGrain(Probe probe) : Grain, ITimerGrain
{
    private IDisposable? _timer;
    private bool _inTurn;

    public Task Start(TimeSpan dueTime, TimeSpan period)
    {
        _timer = RegisterTimer(TickAsync, "state", dueTime, period);
        return Task.CompletedTask;
    }

    public Task Stop()
    {
        _timer?.Dispose();
        return Task.CompletedTask;
    }

    public async Task<int> Ping()
    {
        Enter();
        await Task.Yield();
        _inTurn = false;
        return probe.Count($"timer/{GrainKey}");
    }

    public Task Deactivate()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        probe.Record($"timer/{GrainKey} deactivated: {reason.ReasonCode}");
        return Task.CompletedTask;
    }

    private async Task TickAsync(object? state)
    {
        Enter();
        if (state as string != "state") probe.Record($"timer/{GrainKey} got state {state}");
        await Task.Yield();
        probe.Increment($"timer/{GrainKey}");
        _inTurn = false;
    }

    private void Enter()
    {
        if (_inTurn) probe.Increment($"timer-overlap/{GrainKey}");
        _inTurn = true;
    }
}
