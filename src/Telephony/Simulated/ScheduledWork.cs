namespace CallCenter.Telephony.Simulated;

/// <summary>Something the network will do later (a phone answering, a ring timeout, a caller giving up); cancelled
/// when what it was waiting for happens first.</summary>
internal sealed class ScheduledWork(SimulationScheduler scheduler, Action action, long dueTicks, bool timed)
{
    public Action Action { get; } = action;
    public long DueTicks { get; } = dueTicks;
    public bool Timed { get; } = timed;
    public bool Cancelled { get; private set; }
    public bool Done { get; set; }

    public void Cancel()
    {
        if (Cancelled || Done) return;
        Cancelled = true;
        if (Timed) scheduler.OnCancelled();
    }
}
