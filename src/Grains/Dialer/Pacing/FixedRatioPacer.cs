namespace CallCenter.Grains.Dialer.Pacing;

/// <summary>The original's rule: floor(idle agents × rate) − calls running (dialled, not yet with an agent). Blind to
/// answer rates, so a ratio that suits one list abandons customers on another; kept for compatibility and comparison.</summary>
public sealed class FixedRatioPacer : IPacer
{
    public static readonly FixedRatioPacer Instance = new();

    public PacingDecision Decide(PacingInputs i)
    {
        var running = i.RingingElapsedSeconds.Count + i.WaitingCustomers;
        var launch = Math.Max(0, (int)Math.Floor(i.IdleAgents * i.Rate) - running);
        return new PacingDecision(launch, 0, i.IdleAgents, 0, $"floor({i.IdleAgents} x {i.Rate}) - {running}");
    }
}
