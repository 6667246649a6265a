namespace CallCenter.Storage.Hosting;

/// <summary>The value of <c>Storage:Provider</c>.</summary>
public enum StorageProviderKind
{
    /// <summary>Dictionaries; nothing survives the process. Tests only.</summary>
    Memory,

    /// <summary>A SQLite file (the embedded default).</summary>
    Sqlite,

    /// <summary>PostgreSQL (production, several silos).</summary>
    Postgres,
}
