namespace CallCenter.Grains.Dialer.Pacing;

/// <summary>
/// Predictive pacing: an expected-value model over the next ring timeout, second by second.
/// <list type="bullet">
/// <item>Answer probability: Bayesian (prior <see cref="PriorAnswerRate"/> over <see cref="PriorWeight"/> calls) with
///   the calls still ringing treated as censored observations (EM): a call that has rung e seconds will still answer
///   with p·S(e) / (p·S(e) + r), r the share of calls that ring out. Without this the first seconds see only the fast
///   failures (busy, unallocated) and the estimate collapses, which launched 160 calls for 20 agents at a 60 % list. The
///   planning value is the posterior mean plus one standard error (more answers = more abandons).</item>
/// <item>Ring time to answer: lognormal with the measured mean and a coefficient of variation of <see cref="RingCv"/>.</item>
/// <item>Demand by time t: customers waiting now + answers of ringing calls within t (conditioned on their elapsed ring
///   time) + answers of n new calls within t (p·F(t)). Poisson-binomial, exact.</item>
/// <item>Supply by t + 2 s (the customer's tolerance): idle agents, agents whose wrap-up ends by then, agents on a call
///   whose talk (exponential with the measured mean) and wrap-up end by then.</item>
/// <item>Expected abandons of the pool = max over t of E[(demand(t) − supply(t + 2 s))⁺].</item>
/// </list>
/// It launches the largest n for which (1) expected abandons / expected answers of the pool stays under the effective
/// target and (2) the probability that the pool abandons more than its allowance (binomial tail) stays under
/// <see cref="TailRisk"/>. The effective target is <see cref="Headroom"/> × cap, reduced linearly as the measured rate
/// (24 h and 30 days) passes half the cap; at or above the cap the task dials progressively until the rate recovers.
/// </summary>
public sealed class PredictiveDialer : IPacer
{
    public static readonly PredictiveDialer Instance = new();

    /// <summary>Share of the cap a decision may plan for when the measured rate is low; the rest absorbs the model's error.</summary>
    public const double Headroom = 0.7;

    /// <summary>Largest accepted probability that one pool abandons more customers than its allowance.</summary>
    public const double TailRisk = 0.2;

    public const double PriorAnswerRate = 0.3;
    public const double PriorWeight = 10;
    public const double RingCv = 0.5;
    public const int MaxNewCalls = 200;

    private const double Tiny = 1e-12;

    public PacingDecision Decide(PacingInputs i)
    {
        var cap = i.AbandonCap;
        var measured = i.AbandonRate;
        var factor = cap <= 0 ? 0 : Math.Clamp(2 * (cap - measured) / cap, 0, 1);
        var target = cap * Headroom * factor;
        if (target <= 0)
        {
            var safe = ProgressivePacer.Instance.Decide(i);
            return safe with { Launch = Math.Min(safe.Launch, Math.Max(0, i.Capacity)), EffectiveCap = 0,
                Reason = $"abandon rate {measured:P2} at cap {cap:P1}: progressive ({safe.Reason})" };
        }

        var timeout = Math.Max(1, i.RingTimeoutSeconds);
        var ring = new RingModel(Math.Clamp(i.MeanRingSeconds, 0.5, timeout), RingCv);
        var (pMean, pPlan, ringOutShare) = EstimateAnswerRate(i, ring, timeout);
        var grace = i.AbandonTimeoutSeconds;
        var horizon = (int)Math.Ceiling(timeout);

        // Per second t = 0..horizon: demand without new calls, supply by t + grace, and a new call's answer chance by t.
        var demand = new double[horizon + 1][];
        var supply = new double[horizon + 1][];
        var newAnswer = new double[horizon + 1];
        var expectedFreeAtHorizon = 0.0;
        for (var t = 0; t <= horizon; t++)
        {
            var q = new List<double>(i.RingingElapsedSeconds.Count);
            foreach (var e in i.RingingElapsedSeconds) q.Add(StillAnswers(pPlan, ringOutShare, ring, e, t, timeout));
            demand[t] = Shift(PoissonBinomial(q), i.WaitingCustomers);
            newAnswer[t] = pPlan * ring.Cdf(t);

            var by = t + grace;
            var certain = i.IdleAgents + i.WrapRemainingSeconds.Count(w => w <= by);
            var talk = new List<double>(i.TalkingElapsedSeconds.Count);
            var window = by - i.WrapUpSeconds;
            foreach (var _ in i.TalkingElapsedSeconds) talk.Add(window <= 0 ? 0 : 1 - Math.Exp(-window / Math.Max(1, i.MeanTalkSeconds)));
            supply[t] = Shift(PoissonBinomial(talk), certain);
            if (t == horizon) expectedFreeAtHorizon = certain + talk.Sum();
        }

        var limit = Math.Min(Math.Min(MaxNewCalls, Math.Max(0, i.Capacity)),
            (int)Math.Ceiling((expectedFreeAtHorizon + 2) / Math.Max(0.02, pPlan) * 2) + 2);
        var evaluation = Evaluate(demand, supply, target);
        var launch = 0;
        var reason = "";
        if (!evaluation.Ok) reason = evaluation.Why;
        while (evaluation.Ok && launch < limit)
        {
            var next = new double[horizon + 1][];
            for (var t = 0; t <= horizon; t++) next[t] = Convolve(demand[t], newAnswer[t]);
            var tried = Evaluate(next, supply, target);
            if (!tried.Ok)
            {
                reason = tried.Why;
                break;
            }
            demand = next;
            evaluation = tried;
            launch++;
        }
        if (launch == limit) reason = limit == i.Capacity ? "gateway capacity" : "launch limit";
        return new PacingDecision(launch, evaluation.Answers, expectedFreeAtHorizon, target,
            $"p={pMean:F3} (plan {pPlan:F3}) ring={ring.Mean:F1}s talk={i.MeanTalkSeconds:F0}s wrap={i.WrapUpSeconds:F0}s " +
            $"measured={measured:P2} target={target:P2} free@{horizon}s~{expectedFreeAtHorizon:F1} answers~{evaluation.Answers:F1} " +
            $"abandons~{evaluation.Abandons:F2} tail={evaluation.Tail:F2} launch={launch} stop: {reason}");
    }

    /// <summary>Posterior answer rate with calls still ringing as censored observations; returns the mean, the planning
    /// value (mean + one standard error) and the share of calls that ring out unanswered.</summary>
    public static (double Mean, double Plan, double RingOutShare) EstimateAnswerRate(PacingInputs i, RingModel ring, double timeout)
    {
        var answered = (double)Math.Max(0, i.Answered);
        var attempts = (double)Math.Max(i.Attempts, i.Answered);
        var ringOuts = Math.Clamp(i.RingOuts, 0, attempts - answered);
        // Prior: 30 % answer, 50 % ring out, 20 % fail fast, worth PriorWeight calls.
        double a0 = PriorAnswerRate * PriorWeight, r0 = 0.5 * PriorWeight;
        var ringing = i.RingingElapsedSeconds.Where(e => e < timeout).ToList();
        var total = attempts + ringing.Count + PriorWeight;
        double p = PriorAnswerRate, r = 0.5;
        for (var iteration = 0; iteration < 30; iteration++)
        {
            double expectAnswers = 0;
            foreach (var e in ringing)
            {
                var s = p * ring.Survival(e);
                expectAnswers += s + r <= 0 ? 0 : s / (s + r);
            }
            var np = (answered + a0 + expectAnswers) / total;
            var nr = (ringOuts + r0 + (ringing.Count - expectAnswers)) / total;
            var done = Math.Abs(np - p) < 1e-6 && Math.Abs(nr - r) < 1e-6;
            p = np;
            r = nr;
            if (done) break;
        }
        // Information: finished calls count fully, ringing calls by how much of their answer chance has passed.
        var information = attempts + PriorWeight + ringing.Sum(e => ring.Cdf(e));
        var plan = Math.Clamp(p + Math.Sqrt(p * (1 - p) / Math.Max(1, information)), 0.01, 1);
        return (Math.Clamp(p, 0.01, 1), plan, Math.Max(1e-6, r));
    }

    /// <summary>Chance that a call that has rung <paramref name="elapsed"/> seconds is answered within the next
    /// <paramref name="t"/> seconds.</summary>
    public static double StillAnswers(double p, double ringOutShare, RingModel ring, double elapsed, double t, double timeout)
    {
        if (elapsed >= timeout) return 0;
        var alive = p * ring.Survival(elapsed);
        if (alive <= 0) return 0;
        var answersBy = p * (ring.Cdf(Math.Min(timeout, elapsed + t)) - ring.Cdf(elapsed));
        return Math.Clamp(answersBy / (alive + ringOutShare), 0, 1);
    }

    private readonly record struct Evaluation(bool Ok, double Answers, double Abandons, double Tail, string Why);

    private static Evaluation Evaluate(double[][] demand, double[][] supply, double target)
    {
        var horizon = demand.Length - 1;
        var answers = Mean(demand[horizon]);
        double abandons = 0;
        var worst = 0;
        for (var t = 0; t <= horizon; t++)
        {
            var overflow = ExpectedExcess(demand[t], supply[t]);
            if (overflow > abandons)
            {
                abandons = overflow;
                worst = t;
            }
        }
        var allowance = 1 + (int)Math.Ceiling(2 * target * answers);
        var tail = ExcessAtLeast(demand[worst], supply[worst], allowance);
        if (abandons > target * Math.Max(1, answers)) return new Evaluation(false, answers, abandons, tail, $"abandons {abandons:F2} > {target:P2} of {answers:F1}");
        if (tail > TailRisk) return new Evaluation(false, answers, abandons, tail, $"P(abandons >= {allowance}) {tail:F2} > {TailRisk:F2}");
        return new Evaluation(true, answers, abandons, tail, "");
    }

    private static double Mean(double[] dist)
    {
        double m = 0;
        for (var k = 0; k < dist.Length; k++) m += k * dist[k];
        return m;
    }

    /// <summary>E[(X − Y)⁺] for independent X, Y given as distributions over 0, 1, 2, …</summary>
    public static double ExpectedExcess(double[] x, double[] y)
    {
        // tail[k] = P(X ≥ k); excess[y] = Σ_{k>y} tail[k].
        var n = x.Length;
        var excess = new double[n + 1];
        double tail = 0, sum = 0;
        for (var k = n - 1; k >= 1; k--)
        {
            tail += x[k];
            sum += tail;
            excess[k - 1] = sum;
        }
        double result = 0;
        for (var v = 0; v < y.Length && v < n; v++) result += y[v] * excess[v];
        return result;
    }

    /// <summary>P(X − Y ≥ k).</summary>
    public static double ExcessAtLeast(double[] x, double[] y, int k)
    {
        var atLeast = new double[x.Length + 1];
        for (var v = x.Length - 1; v >= 0; v--) atLeast[v] = atLeast[v + 1] + x[v];
        double result = 0;
        for (var v = 0; v < y.Length; v++)
        {
            var need = v + k;
            if (need < atLeast.Length) result += y[v] * atLeast[need];
        }
        return result;
    }

    public static double[] PoissonBinomial(IReadOnlyList<double> probabilities)
    {
        var dist = new double[] { 1 };
        foreach (var q in probabilities)
        {
            if (q <= 0) continue;
            dist = Convolve(dist, q);
        }
        return dist;
    }

    private static double[] Shift(double[] dist, int by)
    {
        if (by <= 0) return dist;
        var shifted = new double[dist.Length + by];
        Array.Copy(dist, 0, shifted, by, dist.Length);
        return shifted;
    }

    private static double[] Convolve(double[] dist, double q)
    {
        var len = dist.Length;
        while (len > 1 && dist[len - 1] < Tiny) len--;
        var next = new double[len + 1];
        for (var k = 0; k < len; k++)
        {
            next[k] += dist[k] * (1 - q);
            next[k + 1] += dist[k] * q;
        }
        return next;
    }
}

/// <summary>Ring time of answered calls: lognormal with the given mean and coefficient of variation.</summary>
public readonly struct RingModel
{
    private readonly double _mu;
    private readonly double _sigma;

    public RingModel(double mean, double cv)
    {
        Mean = mean;
        _sigma = Math.Sqrt(Math.Log(1 + cv * cv));
        _mu = Math.Log(mean) - _sigma * _sigma / 2;
    }

    public double Mean { get; }

    public double Cdf(double t) => t <= 0 ? 0 : 0.5 * (1 + Erf((Math.Log(t) - _mu) / (_sigma * Math.Sqrt(2))));

    public double Survival(double t) => 1 - Cdf(t);

    /// <summary>Abramowitz–Stegun 7.1.26 (error below 1.5e-7).</summary>
    private static double Erf(double x)
    {
        var sign = Math.Sign(x);
        x = Math.Abs(x);
        var t = 1 / (1 + 0.3275911 * x);
        var y = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.Exp(-x * x);
        return sign * y;
    }
}
