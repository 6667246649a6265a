namespace CallCenter.Silo.Hosting;

/// <summary>
/// Defaults that depend on the data directory (SQLite file, blob folder, secret-key file). They are added as the
/// lowest-precedence configuration source, so appsettings, environment and command line still override each one.
/// </summary>
internal static class EmbeddedDefaults
{
    public static void Add(ConfigurationManager configuration, string dataDirectory)
    {
        var defaults = new Dictionary<string, string?>
        {
            ["Storage:Sqlite:ConnectionString"] = $"Data Source={Path.Combine(dataDirectory, "callcenter.db")}",
            ["Recording:LocalFolder:Root"] = Path.Combine(dataDirectory, "blobs"),
            ["Security:SecretKeyFile"] = Path.Combine(dataDirectory, "secret.key"),
        };
        ((IConfigurationBuilder)configuration).Sources.Insert(0, new Microsoft.Extensions.Configuration.Memory.MemoryConfigurationSource { InitialData = defaults });
    }
}
