using System.Diagnostics.Metrics;

namespace CallCenter.Grains.Telemetry;

/// <summary>Meter <c>CallCenter.Dialer</c>: what the predictive/progressive dialer decides on each pacing turn.</summary>
public static class DialerMetrics
{
    public const string MeterName = "CallCenter.Dialer";

    private static readonly Meter Meter = new(MeterName);

    private static readonly Counter<long> Decisions = Meter.CreateCounter<long>("callcenter.dialer.decisions", "{decision}", "Pacing decisions taken by running tasks");
    private static readonly Counter<long> Wanted = Meter.CreateCounter<long>("callcenter.dialer.calls.wanted", "{call}", "Calls the pacing decisions asked for");
    private static readonly Counter<long> Launched = Meter.CreateCounter<long>("callcenter.dialer.calls.launched", "{call}", "Calls the dialer actually started (numbers, channels and limits permitting)");
    private static readonly Histogram<double> AbandonRate = Meter.CreateHistogram<double>("callcenter.dialer.abandon_rate", "1", "The smoothed abandon rate the pacer held against the task's cap, per decision");

    public static void Paced(string mode, int wanted, int launched, double measuredAbandonRate)
    {
        var tags = new KeyValuePair<string, object?>("mode", mode);
        Decisions.Add(1, tags);
        Wanted.Add(wanted, tags);
        Launched.Add(launched, tags);
        AbandonRate.Record(measuredAbandonRate, tags);
    }
}
