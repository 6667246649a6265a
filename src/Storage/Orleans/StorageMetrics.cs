using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace CallCenter.Storage.Orleans;

/// <summary>Meter <c>CallCenter.Storage</c>: how long grain-state writes and clears take, per storage provider, as the
/// grains wait for them (group commit included).</summary>
public static class StorageMetrics
{
    public const string MeterName = "CallCenter.Storage";

    private static readonly Meter Meter = new(MeterName);

    private static readonly Histogram<double> WriteDuration = Meter.CreateHistogram<double>("callcenter.storage.write.duration", "s", "Grain state writes (and clears), from the grain's call to the durable answer");

    public static void Written(string storage, string operation, long startedTimestamp, bool succeeded)
        => WriteDuration.Record(Stopwatch.GetElapsedTime(startedTimestamp).TotalSeconds,
            new("storage", storage), new("operation", operation), new("outcome", succeeded ? "ok" : "error"));
}
