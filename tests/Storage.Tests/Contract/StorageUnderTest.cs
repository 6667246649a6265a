using CallCenter.Runtime.Storage;

namespace CallCenter.Storage.Tests.Contract;

/// <summary>One open instance of a provider (grain storage and reminder table) and how to close it.</summary>
public sealed class StorageUnderTest(IGrainStorage storage, IReminderTable reminders, Func<ValueTask>? close = null) : IAsyncDisposable
{
    private Func<ValueTask>? _close = close;

    public IGrainStorage Storage { get; } = storage;

    public IReminderTable Reminders { get; } = reminders;

    /// <summary>Closes the instance (pools, writer, file handles) but leaves the stored data in place. Idempotent.</summary>
    public ValueTask DisposeAsync()
    {
        var close = Interlocked.Exchange(ref _close, null);
        return close?.Invoke() ?? ValueTask.CompletedTask;
    }
}
