namespace CallCenter.Storage.Tests.Contract;

/// <summary>One open instance of a store and how to close it.</summary>
public sealed class StoreUnderTest<TStore>(TStore store, Func<ValueTask>? close = null) : IAsyncDisposable
{
    private Func<ValueTask>? _close = close;

    public TStore Store { get; } = store;

    /// <summary>Closes the instance (pools, writer, file handles) but leaves the stored data in place. Idempotent.</summary>
    public ValueTask DisposeAsync()
    {
        var close = Interlocked.Exchange(ref _close, null);
        return close?.Invoke() ?? ValueTask.CompletedTask;
    }
}
