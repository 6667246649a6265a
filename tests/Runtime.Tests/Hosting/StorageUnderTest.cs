using CallCenter.Runtime.Storage;
using CallCenter.Storage.Memory;

namespace CallCenter.Runtime.Tests.Hosting;

/// <summary>
/// The grain storage and reminder table one test runs against. Both hosts of a restart test use the same instance, as
/// two processes would use the same database.
/// </summary>
public sealed class StorageUnderTest(
    string name,
    IGrainStorage grainStorage,
    IReminderTable reminderTable,
    IGrainStorage? secondaryGrainStorage = null,
    Func<ValueTask>? dispose = null)
    : IAsyncDisposable
{
    public string Name { get; } = name;

    /// <summary>Registered as storage "Default".</summary>
    public IGrainStorage GrainStorage { get; } = grainStorage;

    /// <summary>Registered as storage "Secondary" (grains can name the storage of each state).</summary>
    public IGrainStorage SecondaryGrainStorage { get; } = secondaryGrainStorage ?? grainStorage;

    public IReminderTable ReminderTable { get; } = reminderTable;

    /// <summary>
    /// The providers the persistence and reminder tests run on; add a name here and a case in <see cref="Create"/> to run
    /// them on another provider (SQLite, PostgreSQL).
    /// </summary>
    public static TheoryData<string> Providers => ["memory"];

    public static StorageUnderTest Create(string provider) => provider switch
    {
        "memory" => new StorageUnderTest(provider, new MemoryGrainStorage(), new MemoryReminderTable(), new MemoryGrainStorage()),
        _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, "unknown storage provider"),
    };

    public ValueTask DisposeAsync() => dispose?.Invoke() ?? ValueTask.CompletedTask;

    public override string ToString() => Name;
}
