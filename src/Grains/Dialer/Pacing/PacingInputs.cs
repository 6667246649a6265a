using CallCenter.Dialer;

namespace CallCenter.Grains.Dialer.Pacing;

/// <summary>What a pacing decision sees: agents, calls in flight, and the task's measured behaviour.</summary>
/// <param name="IdleAgents">Available agents not reserved for a call and out of wrap-up.</param>
/// <param name="RingingElapsedSeconds">For each call not yet answered: how long it has been ringing.</param>
/// <param name="WaitingCustomers">Answered customers waiting for an agent now.</param>
/// <param name="WrapRemainingSeconds">For each agent in wrap-up: seconds left.</param>
/// <param name="TalkingElapsedSeconds">For each agent on a task call: seconds talked so far.</param>
/// <param name="AbandonRate">The higher of the measured 24-hour and 30-day abandon rates (smoothed towards the cap while
/// few customers have answered).</param>
/// <param name="Attempts">Finished calls of the task (any outcome).</param>
/// <param name="Answered">Finished calls the customer answered.</param>
/// <param name="RingOuts">Finished unanswered calls that rang until the ring timeout (the rest failed fast: busy,
/// unallocated, rejected). Lets the answer rate be estimated without the bias of fast failures coming in first.</param>
/// <param name="RingTimeoutSeconds">How long a customer's phone rings before the call gives up.</param>
/// <param name="Capacity">Calls the gateways can still take (task per-gateway concurrency and channel limits).</param>
public sealed record PacingInputs(
    int IdleAgents,
    int AgentsOnCall,
    IReadOnlyList<double> RingingElapsedSeconds,
    int WaitingCustomers,
    IReadOnlyList<double> WrapRemainingSeconds,
    IReadOnlyList<double> TalkingElapsedSeconds,
    double Rate,
    double AnswerProbability,
    double MeanRingSeconds,
    double MeanTalkSeconds,
    double WrapUpSeconds,
    double AbandonTimeoutSeconds,
    double AbandonCap,
    double AbandonRate,
    long Attempts = 0,
    long Answered = 0,
    long RingOuts = 0,
    double RingTimeoutSeconds = 30,
    int Capacity = int.MaxValue);

/// <summary>How many calls to launch now, and why (shown in callTaskStatus).</summary>
public sealed record PacingDecision(int Launch, double ExpectedAnswers, double ExpectedFreeAgents, double EffectiveCap, string Reason);

/// <summary>A pacing rule. Pure: the task grain gathers the inputs and enforces concurrency limits afterwards.</summary>
public interface IPacer
{
    PacingDecision Decide(PacingInputs inputs);
}

public static class Pacers
{
    public static IPacer For(PacingMode mode) => mode switch
    {
        PacingMode.Progressive => ProgressivePacer.Instance,
        PacingMode.FixedRatio => FixedRatioPacer.Instance,
        _ => PredictiveDialer.Instance,
    };
}
