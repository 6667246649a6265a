using System.Runtime.CompilerServices;
using CallCenter.Runtime.Core;
using CallCenter.Runtime.Invocation;
using CallCenter.Runtime.Storage;

namespace CallCenter.Runtime.Messaging;

/// <summary>A call whose caller awaits the outcome.</summary>
internal sealed class GrainRequest<TResult>(GrainId target, GrainMethod<TResult> method, object?[] arguments, GrainCall? caller)
    : GrainCall(target, method, arguments, caller)
{
    // Continuations run asynchronously so that the callee's thread goes back to its own mailbox instead of running
    // the caller's code.
    private readonly TaskCompletionSource<TResult> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task<TResult> Task => _completion.Task;

    public override bool HasWaitingCaller => !_completion.Task.IsCompleted;

    public override bool IsAbandoned => _completion.Task.IsCompleted;

    public override ValueTask ExecuteAsync(ActivationData activation)
    {
        ValueTask<TResult> pending;
        try
        {
            pending = method.Invoke(activation.GrainInstance, Arguments);
        }
        catch (Exception exception)
        {
            Fail(activation, exception);
            return default;
        }
        if (pending.IsCompletedSuccessfully)
        {
            Succeed(activation.Runtime, pending.Result);
            return default;
        }
        return AwaitAsync(pending, activation);
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask AwaitAsync(ValueTask<TResult> pending, ActivationData activation)
    {
        TResult result;
        try
        {
            result = await pending.ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            Fail(activation, exception);
            return;
        }
        Succeed(activation.Runtime, result);
    }

    private void Succeed(GrainRuntime runtime, TResult result)
    {
        if (runtime.SerializeCalls && typeof(TResult) != typeof(VoidResult))
        {
            try
            {
                result = runtime.Wire.RoundTripResult(method, result);
            }
            catch (Exception exception)
            {
                _completion.TrySetException(exception);
                return;
            }
        }
        _completion.TrySetResult(result);
    }

    private void Fail(ActivationData activation, Exception exception)
    {
        // As in Orleans: a write that lost an ETag race means this activation's state is stale; start over from storage.
        if (exception is InconsistentStateException)
        {
            activation.RequestDeactivation(new DeactivationReason(
                DeactivationReasonCode.ApplicationError, $"{Method.Name} failed with InconsistentStateException; state is reloaded on the next call"));
        }
        Reject(activation.Runtime, exception);
    }

    public override void Reject(GrainRuntime runtime, Exception reason)
        => _completion.TrySetException(runtime.SerializeCalls ? runtime.Wire.RoundTripException(reason) : reason);

    public override bool TryExpire(GrainCallTimeoutException timeout) => _completion.TrySetException(timeout);
}
