using System.Diagnostics.Metrics;

namespace CallCenter.Edge.Telemetry;

/// <summary>Meter <c>CallCenter.Pushes</c>: how late live pushes reach their websocket, from the moment the grain issued
/// them (its clock) to the moment the edge handed the frame to the socket.</summary>
public static class PushMetrics
{
    public const string MeterName = "CallCenter.Pushes";

    private static readonly Meter Meter = new(MeterName);

    private static readonly Histogram<double> Latency = Meter.CreateHistogram<double>("callcenter.push.latency", "s", "Issued-to-sent delay of live pushes");

    public static void Sent(string dialect, DateTimeOffset issuedAt, DateTimeOffset sentAt)
        => Latency.Record(Math.Max(0, (sentAt - issuedAt).TotalSeconds), new KeyValuePair<string, object?>("dialect", dialect));
}
