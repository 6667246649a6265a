using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.CompilerServices;
using CallCenter.Runtime.Core;
using CallCenter.Runtime.Messaging;

namespace CallCenter.Runtime.Streams;

/// <summary>Makes the delivery message for an implicitly subscribed grain observing items as a given type.</summary>
internal static class StreamDeliveryMessage
{
    private static readonly ConcurrentDictionary<Type, Func<GrainId, StreamItem, GrainMessage>> Factories = new();

    private static readonly MethodInfo CreateTypedMethod =
        typeof(StreamDeliveryMessage).GetMethod(nameof(CreateTyped), BindingFlags.NonPublic | BindingFlags.Static)!;

    public static GrainMessage Create(Type observedType, GrainId target, StreamItem item)
        => Factories.GetOrAdd(observedType, static type =>
            CreateTypedMethod.MakeGenericMethod(type).CreateDelegate<Func<GrainId, StreamItem, GrainMessage>>())(target, item);

    private static GrainMessage CreateTyped<TItem>(GrainId target, StreamItem item) => new StreamDeliveryMessage<TItem>(target, item);
}

/// <summary>A stream item delivered to an implicitly subscribed grain, as a turn of its mailbox.</summary>
internal sealed class StreamDeliveryMessage<TItem>(GrainId target, StreamItem item) : GrainMessage(target)
{
    public override string Name => $"IAsyncObserver<{typeof(TItem).Name}>.OnNextAsync({item.StreamId} #{item.Token.SequenceNumber})";

    public override ValueTask ExecuteAsync(ActivationData activation)
    {
        Task pending;
        try
        {
            var value = item.Unwrap(activation.Runtime.Wire);
            if (value is not TItem typed)
            {
                if (value is not null || default(TItem) is not null)
                {
                    activation.Runtime.Log.StreamItemNotObserved(value?.GetType().Name ?? "null", item.StreamId, Target.ToString());
                    return default;
                }
                typed = default!;
            }
            pending = ((Streams.IAsyncObserver<TItem>)activation.GrainInstance).OnNextAsync(typed, item.Token);
        }
        catch (Exception exception)
        {
            activation.Runtime.Log.StreamDeliveryFailed(exception, item.Token.SequenceNumber, item.StreamId, Target.ToString());
            return default;
        }
        return pending.IsCompletedSuccessfully ? default : AwaitAsync(pending, activation);
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask AwaitAsync(Task pending, ActivationData activation)
    {
        try
        {
            await pending.ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            activation.Runtime.Log.StreamDeliveryFailed(exception, item.Token.SequenceNumber, item.StreamId, Target.ToString());
        }
    }

    public override void Reject(GrainRuntime runtime, Exception reason)
        => runtime.Log.StreamDeliveryFailed(reason, item.Token.SequenceNumber, item.StreamId, Target.ToString());
}
