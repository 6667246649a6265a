namespace CallCenter.Silo.Hosting;

/// <summary>Section "Silo".</summary>
public sealed class SiloOptions
{
    /// <summary>Where the embedded run keeps its SQLite file and blobs; relative paths are under the working directory.</summary>
    public string DataDirectory { get; set; } = "data";

    /// <summary>Used when neither --urls nor ASPNETCORE_URLS nor "Urls" configuration says otherwise.</summary>
    public const string DefaultUrl = "http://127.0.0.1:8082";
}

/// <summary>Section "Storage": which provider keeps grain state, reminders and SQL tables.</summary>
public sealed class StorageSelection
{
    /// <summary>Sqlite (embedded default, durable), Postgres (production, multi-silo) or Memory (tests only).</summary>
    public string Provider { get; set; } = "Sqlite";
}

/// <summary>Section "Telephony": which media server the grains drive.</summary>
public sealed class TelephonySelection
{
    /// <summary>Simulated (embedded default) or FreeSwitch (production).</summary>
    public string Provider { get; set; } = "Simulated";
}
