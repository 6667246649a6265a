namespace CallCenter.Runtime;

/// <summary>For tests and virtual-clock drivers: when has everything settled, and what has the runtime done.</summary>
public interface IGrainRuntimeDiagnostics
{
    /// <summary>
    /// Completes when no turn is running or queued, and no one-way message, timer tick, reminder tick or stream delivery
    /// is in flight. Pass it to <c>VirtualClock.AdvanceAsync</c> as the settle step. A grain awaiting something outside
    /// the runtime (a delay, I/O) counts as a running turn.
    /// </summary>
    Task WaitForQuiescenceAsync(CancellationToken cancellationToken = default);

    GrainRuntimeStatistics GetStatistics();
}
