using CallCenter.Grains.Dialer.Pacing;

namespace CallCenter.Dialer.Tests;

/// <summary>The predictive pacer's math: pure, no grains, no clock.</summary>
public class PredictiveDialerTests
{
    private static PacingInputs Inputs(int idle = 0, IReadOnlyList<double>? ringing = null, int waiting = 0, IReadOnlyList<double>? wrap = null,
        IReadOnlyList<double>? talking = null, double measured = 0, long attempts = 1000, long answered = 350, long ringOuts = 550, int capacity = int.MaxValue)
        => new(idle, talking?.Count ?? 0, ringing ?? [], waiting, wrap ?? [], talking ?? [], 1, 0.35, 8, 120, 10, 2, 0.03, measured,
            attempts, answered, ringOuts, 30, capacity);

    [Fact]
    public void Never_over_dials_when_the_measured_rate_is_at_the_cap()
    {
        // Every agent busy, many about to free up: a predictive dialer would launch, but the cap is reached.
        var atCap = PredictiveDialer.Instance.Decide(Inputs(wrap: [1, 1, 1, 1, 1], talking: Enumerable.Repeat(100.0, 15).ToList(), measured: 0.03));
        Assert.Equal(0, atCap.Launch);
        Assert.Equal(0, atCap.EffectiveCap);
        Assert.Contains("progressive", atCap.Reason);
        // With idle agents it dials progressively: never more calls than idle agents minus calls pending.
        var progressive = PredictiveDialer.Instance.Decide(Inputs(idle: 5, ringing: [3, 4], measured: 0.05));
        Assert.Equal(3, progressive.Launch);
    }

    [Fact]
    public void Launches_more_as_agents_are_about_to_become_free()
    {
        var talking = Enumerable.Repeat(30.0, 15).ToList();
        var later = PredictiveDialer.Instance.Decide(Inputs(wrap: [25, 25, 25, 25, 25], talking: talking));
        var soon = PredictiveDialer.Instance.Decide(Inputs(wrap: [3, 3, 3, 3, 3], talking: talking));
        Assert.True(soon.Launch > later.Launch, $"soon {soon.Launch} vs later {later.Launch}");
        var idle = PredictiveDialer.Instance.Decide(Inputs(idle: 5, talking: talking));
        Assert.True(idle.Launch >= soon.Launch);
        // Over-dials: more calls than free agents, as the answer rate is 35 %.
        Assert.True(idle.Launch > 5);
    }

    [Fact]
    public void Launches_more_on_a_list_that_answers_less()
    {
        var low = PredictiveDialer.Instance.Decide(Inputs(idle: 10, attempts: 2000, answered: 400, ringOuts: 1400));
        var high = PredictiveDialer.Instance.Decide(Inputs(idle: 10, attempts: 2000, answered: 1200, ringOuts: 600));
        Assert.True(low.Launch > high.Launch, $"20 %: {low.Launch}, 60 %: {high.Launch}");
        Assert.True(high.Launch >= 10);
    }

    [Fact]
    public void Ringing_calls_and_waiting_customers_take_the_free_agents()
    {
        var none = PredictiveDialer.Instance.Decide(Inputs(idle: 5));
        var ringing = PredictiveDialer.Instance.Decide(Inputs(idle: 5, ringing: Enumerable.Repeat(2.0, 8).ToList()));
        var waiting = PredictiveDialer.Instance.Decide(Inputs(idle: 5, waiting: 5));
        Assert.True(ringing.Launch < none.Launch);
        Assert.Equal(0, waiting.Launch);
    }

    [Fact]
    public void Is_bounded_by_gateway_capacity()
    {
        var d = PredictiveDialer.Instance.Decide(Inputs(idle: 20, capacity: 3));
        Assert.Equal(3, d.Launch);
        Assert.Equal(0, PredictiveDialer.Instance.Decide(Inputs(idle: 20, capacity: 0)).Launch);
    }

    [Fact]
    public void Expected_abandons_stay_within_the_target()
    {
        var d = PredictiveDialer.Instance.Decide(Inputs(idle: 4, wrap: [5, 8], talking: Enumerable.Repeat(60.0, 14).ToList()));
        Assert.True(d.Launch > 0);
        Assert.True(d.EffectiveCap is > 0 and <= 0.03);
        Assert.Contains("abandons~", d.Reason);
    }

    [Fact]
    public void Answer_rate_estimate_counts_answered_calls_still_in_progress_and_censors_ringing_ones()
    {
        // Five seconds after launching 90 calls to a 60 % list: 6 fast failures and 12 answered customers (still talking,
        // counted as answered), 72 calls still ring. Finished calls alone (6 failures, no answer) would say ~10 %.
        var i = Inputs(ringing: Enumerable.Repeat(5.0, 72).ToList(), attempts: 18, answered: 12, ringOuts: 0);
        var (mean, plan, _) = PredictiveDialer.EstimateAnswerRate(i, new RingModel(8, PredictiveDialer.RingCv), 30);
        Assert.InRange(mean, 0.45, 0.7);
        Assert.True(plan > mean);
        // Long after: 1000 finished calls at 20 % dominate the prior.
        var (late, _, _) = PredictiveDialer.EstimateAnswerRate(Inputs(attempts: 1000, answered: 200, ringOuts: 700), new RingModel(8, 0.5), 30);
        Assert.InRange(late, 0.19, 0.22);
    }

    [Fact]
    public void Expected_excess_and_tail()
    {
        double[] x = [0.5, 0, 0.5]; // 0 or 2
        double[] y = [0, 1];        // 1
        Assert.Equal(0.5, PredictiveDialer.ExpectedExcess(x, y), 9);
        Assert.Equal(0.5, PredictiveDialer.ExcessAtLeast(x, y, 1), 9);
        Assert.Equal(0, PredictiveDialer.ExcessAtLeast(x, y, 2), 9);
        var pb = PredictiveDialer.PoissonBinomial([0.5, 0.5]);
        Assert.Equal([0.25, 0.5, 0.25], pb);
    }

    [Fact]
    public void Still_ringing_calls_lose_their_answer_chance_with_time()
    {
        var ring = new RingModel(8, 0.5);
        var early = PredictiveDialer.StillAnswers(0.35, 0.5, ring, 2, 30, 30);
        var late = PredictiveDialer.StillAnswers(0.35, 0.5, ring, 20, 30, 30);
        Assert.True(early > late);
        Assert.Equal(0, PredictiveDialer.StillAnswers(0.35, 0.5, ring, 30, 5, 30));
    }
}
