using CallCenter.Runtime;
using CallCenter.Runtime.Core;
using CallCenter.Runtime.Invocation;
using CallCenter.Runtime.Messaging;
using CallCenter.Runtime.Transport;

namespace CallCenter.Bench;

/// <summary>
/// What a source generator would emit for <see cref="IRuntimeBenchGrain"/>: a class that builds the request directly,
/// with no <see cref="System.Reflection.DispatchProxy"/>, no argument array from the proxy machinery and no method lookup.
/// It exists only to measure what DispatchProxy costs on the full call path (docs/runtime.md).
/// </summary>
internal sealed class RuntimeHandWrittenProxy(GrainId grainId, IGrainCallTransport transport) : IRuntimeBenchGrain
{
    private static readonly GrainMethod<int> PingMethod = (GrainMethod<int>)GrainInterfaceDescriptor.For(typeof(IRuntimeBenchGrain))
        .GetMethod(typeof(IRuntimeBenchGrain).GetMethod(nameof(IRuntimeBenchGrain.Ping))!);

    public Task<int> Ping(int value)
    {
        var request = new GrainRequest<int>(grainId, PingMethod, [value], RuntimeContext.CurrentCall);
        transport.Send(request);
        return request.Task;
    }
}
