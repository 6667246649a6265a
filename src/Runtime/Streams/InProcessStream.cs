using CallCenter.Runtime.Core;

namespace CallCenter.Runtime.Streams;

internal sealed class InProcessStream<T>(string providerName, StreamId streamId, GrainRuntime runtime) : IAsyncStream<T>
{
    public StreamId StreamId { get; } = streamId;

    public string ProviderName { get; } = providerName;

    public Task OnNextAsync(T item)
    {
        try
        {
            runtime.Streams.Publish(ProviderName, StreamId, item, typeof(T));
            return Task.CompletedTask;
        }
        catch (GrainSerializationException exception)
        {
            return Task.FromException(exception);
        }
    }

    public Task<StreamSubscriptionHandle<T>> SubscribeAsync(Func<T, StreamSequenceToken, Task> onNextAsync)
    {
        ArgumentNullException.ThrowIfNull(onNextAsync);
        if (RuntimeContext.CurrentActivation is not null)
            throw new InvalidOperationException(
                "Grains subscribe with [ImplicitStreamSubscription] and IAsyncObserver<T>: a delegate subscribed from a grain would run outside its turns.");
        return Task.FromResult(runtime.Streams.Subscribe(ProviderName, StreamId, onNextAsync));
    }
}
