namespace CallCenter.Grains.Dialer.Pacing;

/// <summary>
/// Predictive pacing. Over the next horizon (a ring time plus the customer's 2-second tolerance) it estimates
/// - how many customers will answer: each ringing call with the probability that it still answers given how long it has
///   rung (answer times taken as exponential with the measured mean), each new call with the measured answer rate;
/// - how many agents will be free for them: idle agents, agents whose wrap-up ends in time, and agents on a call that is
///   likely to end (and be wrapped up) in time (talk times taken as memoryless with the measured mean);
/// and launches the largest number of calls for which the expected overflow (answers beyond free agents, i.e. abandoned
/// customers) stays under the effective cap as a share of expected answers. Both counts are Poisson-binomial, computed
/// exactly by convolution. The effective cap shrinks as the measured abandon rate approaches the hard cap and is zero
/// at or above it, where the dialer falls back to progressive pacing (which abandons only when an agent walks away).
/// </summary>
public sealed class PredictiveDialer : IPacer
{
    public static readonly PredictiveDialer Instance = new();

    /// <summary>Share of the cap a decision may plan for when the measured rate is low; the rest absorbs the model's error.</summary>
    public const double Headroom = 0.6;

    public PacingDecision Decide(PacingInputs i)
    {
        var p = Math.Clamp(i.AnswerProbability, 0.01, 1);
        var ring = Math.Max(1, i.MeanRingSeconds);
        var horizon = ring + i.AbandonTimeoutSeconds;

        // Supply: agents free within the horizon.
        var supply = new List<double>();
        for (var k = 0; k < i.IdleAgents; k++) supply.Add(1);
        foreach (var w in i.WrapRemainingSeconds) supply.Add(w <= horizon ? 1 : 0);
        foreach (var _ in i.TalkingElapsedSeconds)
        {
            var window = horizon - i.WrapUpSeconds;
            supply.Add(window <= 0 ? 0 : 1 - Math.Exp(-window / Math.Max(1, i.MeanTalkSeconds)));
        }
        var freeDist = PoissonBinomial(supply);
        var expectedFree = supply.Sum();

        // Demand: customers waiting now plus answers still to come from ringing calls.
        var demand = new List<double>();
        foreach (var t in i.RingingElapsedSeconds)
        {
            var survive = Math.Exp(-t / ring);
            demand.Add(p * survive / (p * survive + 1 - p));
        }
        var waiting = i.WaitingCustomers;

        var measured = i.AbandonRate;
        var factor = Math.Clamp(2 * (i.AbandonCap - measured) / i.AbandonCap, 0, 1);
        var cap = i.AbandonCap * Headroom * factor;
        if (cap <= 0)
        {
            var safe = ProgressivePacer.Instance.Decide(i);
            return safe with { EffectiveCap = 0, Reason = $"abandon rate {measured:P2} at cap {i.AbandonCap:P1}: progressive" };
        }

        var answers = PoissonBinomial(demand);
        var launch = 0;
        var limit = Math.Max(0, (int)Math.Ceiling((expectedFree + 2) / p * 1.5)) + 1;
        while (launch < limit)
        {
            var next = Convolve(answers, p);
            var (overflow, expected) = Overflow(next, waiting, freeDist);
            if (expected > 0 && overflow / expected > cap) break;
            answers = next;
            launch++;
        }
        var (_, expectedAnswers) = Overflow(answers, waiting, freeDist);
        return new PacingDecision(launch, expectedAnswers, expectedFree, cap,
            $"p={p:F2} ring={ring:F1}s free~{expectedFree:F1} answers~{expectedAnswers:F1} cap={cap:P2}");
    }

    /// <summary>E[max(0, waiting + answers − free)] and E[waiting + answers].</summary>
    private static (double Overflow, double Expected) Overflow(double[] answers, int waiting, double[] free)
    {
        double overflow = 0, expected = 0;
        for (var a = 0; a < answers.Length; a++)
        {
            if (answers[a] < 1e-12) continue;
            var demand = a + waiting;
            expected += answers[a] * demand;
            for (var f = 0; f < free.Length && f < demand; f++) overflow += answers[a] * free[f] * (demand - f);
        }
        return (overflow, expected);
    }

    private static double[] PoissonBinomial(IReadOnlyList<double> probabilities)
    {
        var dist = new double[] { 1 };
        foreach (var q in probabilities) dist = Convolve(dist, q);
        return dist;
    }

    private static double[] Convolve(double[] dist, double q)
    {
        var next = new double[dist.Length + 1];
        for (var k = 0; k < dist.Length; k++)
        {
            next[k] += dist[k] * (1 - q);
            next[k + 1] += dist[k] * q;
        }
        return next;
    }
}
