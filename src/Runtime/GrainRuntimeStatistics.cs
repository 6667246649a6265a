namespace CallCenter.Runtime;

/// <summary>A snapshot of the runtime's counters.</summary>
/// <param name="Activations">Activations alive now.</param>
/// <param name="ActivationsCreated">Activations that completed <see cref="Grain.OnActivateAsync"/> since start.</param>
/// <param name="ActivationsDeactivated">Activations that completed deactivation since start.</param>
/// <param name="MessagesProcessed">Turns run: calls, one-way calls, timer and reminder ticks, stream deliveries.</param>
/// <param name="CallsTimedOut">Calls failed with <see cref="GrainCallTimeoutException"/>.</param>
/// <param name="StreamItemsPublished">Items accepted by <c>IAsyncStream.OnNextAsync</c>.</param>
/// <param name="StreamItemsDropped">Items dropped from a subscription queue that was full.</param>
/// <param name="WorkInFlight">Activations with queued or running turns plus undelivered stream items.</param>
public sealed record GrainRuntimeStatistics(
    int Activations,
    long ActivationsCreated,
    long ActivationsDeactivated,
    long MessagesProcessed,
    long CallsTimedOut,
    long StreamItemsPublished,
    long StreamItemsDropped,
    long WorkInFlight);
