namespace CallCenter.Runtime;

/// <summary>
/// A grain call got no answer within <see cref="RuntimeOptions.CallTimeout"/>. Between non-reentrant grains a call cycle
/// (A→B→A) is a deadlock and surfaces as this exception; the message names the grain and the method and, when known,
/// the chain of calls that led there.
/// </summary>
public sealed class GrainCallTimeoutException : TimeoutException
{
    public GrainCallTimeoutException(GrainId grainId, string methodName, TimeSpan timeout, string message) : base(message)
    {
        GrainType = grainId.Type;
        GrainKey = grainId.Key;
        MethodName = methodName;
        Timeout = timeout;
    }

    public GrainCallTimeoutException(string message) : base(message)
    {
        GrainType = GrainKey = MethodName = "";
    }

    public string GrainType { get; }

    public string GrainKey { get; }

    /// <summary>Interface-qualified, e.g. <c>ISeatGrain.Login</c>.</summary>
    public string MethodName { get; }

    public TimeSpan Timeout { get; }
}
