namespace CallCenter.Grains.Dialer.Pacing;

/// <summary>One call per idle agent: an agent never has more than one customer being dialled for them, so a customer is
/// abandoned only when an agent leaves while their call rings.</summary>
public sealed class ProgressivePacer : IPacer
{
    public static readonly ProgressivePacer Instance = new();

    public PacingDecision Decide(PacingInputs i)
    {
        var launch = Math.Max(0, i.IdleAgents - i.RingingElapsedSeconds.Count - i.WaitingCustomers);
        return new PacingDecision(launch, 0, i.IdleAgents, 0, $"idle {i.IdleAgents} - pending {i.RingingElapsedSeconds.Count + i.WaitingCustomers}");
    }
}
