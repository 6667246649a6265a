using CallCenter.Storage.Postgres;
using CallCenter.Storage.Sqlite;

namespace CallCenter.Storage.Hosting;

/// <summary>
/// The <c>Storage</c> configuration section read by
/// <see cref="StorageServiceCollectionExtensions.AddStorage(Microsoft.Extensions.DependencyInjection.IServiceCollection, Microsoft.Extensions.Configuration.IConfiguration, string[])"/>:
/// which provider holds grain state and reminders, and that provider's settings (on PostgreSQL also which implementation
/// keeps grain state: <see cref="PostgresStorageOptions.GrainStorage"/>).
/// </summary>
/// <example>
/// <code>
/// "Storage": {
///   "Provider": "Postgres",
///   "Postgres": { "ConnectionString": "Host=db;Username=callcenter;Database=callcenter", "Schema": "callcenter", "GrainStorage": "Project" }
/// }
/// </code>
/// </example>
public sealed class StorageOptions
{
    public const string SectionName = "Storage";

    public StorageProviderKind Provider { get; set; } = StorageProviderKind.Sqlite;

    public SqliteStorageOptions Sqlite { get; set; } = new();

    public PostgresStorageOptions Postgres { get; set; } = new();
}
