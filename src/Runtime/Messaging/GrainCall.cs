using CallCenter.Runtime.Invocation;

namespace CallCenter.Runtime.Messaging;

/// <summary>An invocation of a grain interface method made through a grain reference.</summary>
internal abstract class GrainCall(GrainId target, GrainMethod method, object?[] arguments, GrainCall? caller) : GrainMessage(target)
{
    /// <summary>Calls deeper than this keep no link to their caller, so a runaway chain cannot pin memory.</summary>
    private const int MaxRecordedDepth = 16;

    public GrainMethod Method { get; } = method;

    public object?[] Arguments { get; protected set; } = arguments;

    /// <summary>The call in whose turn this call was made; only for diagnostics (timeout messages).</summary>
    public GrainCall? Caller { get; } = caller is { Depth: < MaxRecordedDepth } ? caller : null;

    /// <summary>How many callers <see cref="Caller"/> links lead through.</summary>
    public int Depth { get; } = caller is { Depth: < MaxRecordedDepth } ? caller.Depth + 1 : 0;

    public override string Name => Method.Name;

    public override void PrepareForWire(Core.GrainRuntime runtime)
    {
        if (Arguments.Length > 0) Arguments = runtime.Wire.RoundTripArguments(Method, Arguments);
    }

    /// <summary>"A ISeat.Login → B IBoard.Join → …", outermost first.</summary>
    public string DescribeChain()
    {
        var links = new List<string>();
        for (GrainCall? call = this; call is not null; call = call.Caller) links.Add($"{call.Target} {call.Method.Name}");
        links.Reverse();
        return string.Join(" → ", links);
    }
}
