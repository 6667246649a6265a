using System.Runtime.CompilerServices;
using CallCenter.Runtime.Core;
using CallCenter.Runtime.Invocation;

namespace CallCenter.Runtime.Messaging;

/// <summary>A call to a [OneWay] method: the caller does not wait, so failures go to the log.</summary>
internal sealed class OneWayRequest(GrainId target, GrainMethod<VoidResult> method, object?[] arguments, GrainCall? caller)
    : GrainCall(target, method, arguments, caller)
{
    /// <summary>Set when the call was refused while being sent (serialization, runtime stopped); the caller sees it.</summary>
    public Exception? SendFailure { get; private set; }

    public override ValueTask ExecuteAsync(ActivationData activation)
    {
        ValueTask<VoidResult> pending;
        try
        {
            pending = method.Invoke(activation.GrainInstance, Arguments);
        }
        catch (Exception exception)
        {
            activation.Runtime.Log.OneWayCallFailed(exception, Name, Target);
            return default;
        }
        if (pending.IsCompletedSuccessfully) return default;
        return AwaitAsync(pending, activation);
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask AwaitAsync(ValueTask<VoidResult> pending, ActivationData activation)
    {
        try
        {
            await pending.ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            activation.Runtime.Log.OneWayCallFailed(exception, Name, Target);
        }
    }

    public override void RejectAtSend(GrainRuntime runtime, Exception reason) => SendFailure = reason;

    public override void Reject(GrainRuntime runtime, Exception reason) => runtime.Log.OneWayCallRejected(reason, Name, Target);
}
