using System.Reflection;
using CallCenter.Runtime.Core;
using CallCenter.Runtime.Messaging;

namespace CallCenter.Runtime.Invocation;

/// <summary>A grain method whose calls complete with a <typeparamref name="TResult"/>.</summary>
internal sealed class GrainMethod<TResult>(
    MethodInfo method,
    GrainMethodReturnKind returnKind,
    Func<object, object?[], ValueTask<TResult>> invoker)
    : GrainMethod(method, returnKind, typeof(TResult))
{
    /// <summary>Grain's side: runs the method on the grain instance.</summary>
    public ValueTask<TResult> Invoke(object grain, object?[] arguments) => invoker(grain, arguments);

    public override object Send(GrainProxy reference, object?[] arguments)
    {
        var caller = RuntimeContext.CurrentCall;
        if (IsOneWay) return SendOneWay(reference, arguments, caller);

        var request = new GrainRequest<TResult>(reference.GrainId, this, arguments, caller);
        reference.Transport.Send(request);
        return ReturnKind switch
        {
            GrainMethodReturnKind.ValueTask => new ValueTask(request.Task),
            GrainMethodReturnKind.ValueTaskOfResult => new ValueTask<TResult>(request.Task),
            _ => request.Task,
        };
    }

    private object SendOneWay(GrainProxy reference, object?[] arguments, GrainCall? caller)
    {
        // One-way methods return Task or ValueTask (checked when the interface is prepared), so TResult is VoidResult.
        var message = new OneWayRequest(reference.GrainId, (GrainMethod<VoidResult>)(object)this, arguments, caller);
        reference.Transport.Send(message);
        var sent = message.SendFailure is { } failure ? Task.FromException(failure) : Task.CompletedTask;
        return ReturnKind == GrainMethodReturnKind.ValueTask ? new ValueTask(sent) : sent;
    }
}
