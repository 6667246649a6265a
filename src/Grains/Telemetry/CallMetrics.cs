using System.Diagnostics.Metrics;
using CallCenter.Management.Agents;
using CallCenter.Management.CallLogs;

namespace CallCenter.Grains.Telemetry;

/// <summary>
/// Meter <c>CallCenter.Calls</c>: the life of every call a grain owns (agent calls, dialer calls, inbound calls). A call
/// starts when its grain first stores it and ends when its call-log row is written (<c>CallCloseOut</c>), so the
/// up-down counter of calls in progress is, summed over the silos, the number of stored, unfinished calls; one silo's
/// value may go negative when a call started on another silo ends on it.
/// </summary>
public static class CallMetrics
{
    public const string MeterName = "CallCenter.Calls";

    private static readonly Meter Meter = new(MeterName);

    private static readonly UpDownCounter<long> Active = Meter.CreateUpDownCounter<long>("callcenter.calls.active", "{call}", "Calls started and not yet logged");
    private static readonly Counter<long> Started = Meter.CreateCounter<long>("callcenter.calls.started", "{call}", "Calls started");
    private static readonly Counter<long> Completed = Meter.CreateCounter<long>("callcenter.calls.completed", "{call}", "Calls whose call-log row was written (one per call lifecycle)");
    private static readonly Counter<long> Abandoned = Meter.CreateCounter<long>("callcenter.calls.abandoned", "{call}", "Answered customers released before an agent took them");
    private static readonly Histogram<double> QueueWait = Meter.CreateHistogram<double>("callcenter.queue.wait", "s", "How long an answered customer waited for an agent, until connected or abandoned");

    public static void CallStarted(AgentCallKind kind)
    {
        var tags = new KeyValuePair<string, object?>("kind", Kind(kind));
        Started.Add(1, tags);
        Active.Add(1, tags);
    }

    public static void CallLogged(CallLogRecord record)
    {
        Active.Add(-1, new KeyValuePair<string, object?>("kind", Kind(record.Kind)));
        Completed.Add(1, new("kind", Kind(record.Kind)), new("result", Result(record.Result)));
    }

    /// <param name="reason">"customer" (hung up while waiting), "timeout" (no agent in time), "closed"...</param>
    public static void CallAbandoned(AgentCallKind kind, string reason, TimeSpan waited)
    {
        Abandoned.Add(1, new("kind", Kind(kind)), new("reason", reason));
        QueueWait.Record(Math.Max(0, waited.TotalSeconds), new("kind", Kind(kind)), new("outcome", "abandoned"));
    }

    public static void CallConnected(AgentCallKind kind, TimeSpan waited)
        => QueueWait.Record(Math.Max(0, waited.TotalSeconds), new("kind", Kind(kind)), new("outcome", "connected"));

    private static string Kind(AgentCallKind kind) => kind.ToString().ToLowerInvariant();

    private static string Result(int result) => result switch
    {
        CallResults.Success => "success",
        CallResults.Failure => "failure",
        CallResults.Missed => "missed",
        _ => "other",
    };
}
