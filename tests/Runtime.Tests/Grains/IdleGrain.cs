using CallCenter.Runtime.Tests.Hosting;

namespace CallCenter.Runtime.Tests.Grains;

public interface IIdleGrain : IGrainWithStringKey
{
    Task Touch();

    Task KeepAlive(TimeSpan timeSpan);

    Task StartTimer(TimeSpan period);
}

public sealed class IdleGrain(Probe probe) : Grain, IIdleGrain
{
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        probe.Record($"idle/{GrainKey} activated");
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        probe.Record($"idle/{GrainKey} deactivated: {reason.ReasonCode}");
        return Task.CompletedTask;
    }

    public Task Touch() => Task.CompletedTask;

    public Task KeepAlive(TimeSpan timeSpan)
    {
        DelayDeactivation(timeSpan);
        return Task.CompletedTask;
    }

    public Task StartTimer(TimeSpan period)
    {
        RegisterTimer(_ => Task.CompletedTask, null, period, period);
        return Task.CompletedTask;
    }
}
