namespace CallCenter.Storage;

/// <summary>
/// A storage operation failed for a reason other than a lost race (that is
/// <see cref="Orleans.Storage.InconsistentStateException"/>): the database was unreachable, locked for too
/// long, full, or rejected the statement. The message names the provider, the storage and the grain/state or reminder,
/// so a log line alone says what was lost; the driver's exception is the inner exception.
/// </summary>
public sealed class StorageOperationException : Exception
{
    public StorageOperationException(string provider, string storageName, string operation, string target, Exception innerException)
        : base($"{provider} storage '{storageName}' could not {operation} {target}: {innerException.Message}", innerException)
    {
        Provider = provider;
        StorageName = storageName;
        Operation = operation;
        Target = target;
    }

    /// <summary>"SQLite" or "PostgreSQL".</summary>
    public string Provider { get; }

    /// <summary>The name the storage was registered under ("Default"), or "reminders".</summary>
    public string StorageName { get; }

    /// <summary>What was attempted ("read state", "write state", "clear state", "upsert reminder", ...).</summary>
    public string Operation { get; }

    /// <summary>The grain state id (type/key/state) or reminder (type/key/name) concerned.</summary>
    public string Target { get; }
}
