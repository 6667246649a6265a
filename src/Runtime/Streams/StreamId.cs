namespace CallCenter.Runtime.Streams;

/// <summary>
/// Names a stream: a namespace (the kind of events, e.g. "agent-events") and a key (whose events, e.g. the agent's grain
/// key). A grain class with <see cref="ImplicitStreamSubscriptionAttribute"/> for the namespace receives the stream whose
/// key equals its own (Orleans: <c>StreamId.Create(ns, key)</c>).
/// </summary>
public readonly record struct StreamId(string Namespace, string Key)
{
    public static StreamId Create(string streamNamespace, string key) => new(streamNamespace, key);

    public override string ToString() => $"{Namespace}/{Key}";
}
