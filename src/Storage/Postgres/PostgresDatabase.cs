using System.Data.Common;
using System.Text;
using CallCenter.Storage.Sql;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace CallCenter.Storage.Postgres;

/// <summary>
/// One PostgreSQL database as CallCenter uses it: a pooled <see cref="NpgsqlDataSource"/>, plus the schema and table
/// prefix that name its tables, plus the schema bootstrap. Several processes may share the database: the bootstrap
/// serializes on an advisory lock, and the providers' writes are single conditional statements.
/// </summary>
public sealed class PostgresDatabase : ISqlDatabase, IAsyncDisposable, IDisposable
{
    private readonly SchemaGate _schemas = new();
    private readonly ILogger _logger;
    private readonly string _quotedSchema;

    public PostgresDatabase(PostgresStorageOptions options, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
            throw new ArgumentException("PostgresStorageOptions.ConnectionString is empty; set it (e.g. Storage:Postgres:ConnectionString).", nameof(options));
        loggerFactory ??= NullLoggerFactory.Instance;
        _logger = loggerFactory.CreateLogger<PostgresDatabase>();
        Schema = SqlIdentifier.Validate(options.Schema, "PostgreSQL schema");
        TablePrefix = SqlIdentifier.ValidatePrefix(options.TablePrefix, "Table prefix");
        _quotedSchema = SqlIdentifier.Quote(Schema);
        _ = Table(SchemaMigrator.VersionTable); // a prefix too long for PostgreSQL's names fails here, at startup

        NpgsqlConnectionStringBuilder settings;
        try
        {
            settings = new NpgsqlConnectionStringBuilder(options.ConnectionString);
        }
        catch (ArgumentException e)
        {
            // The driver's message may quote the string; ours never does.
            throw new ArgumentException($"PostgresStorageOptions.ConnectionString is not a valid Npgsql connection string ({ConnectionStrings.Redact(options.ConnectionString)}).", nameof(options), e);
        }
        if (string.IsNullOrEmpty(settings.ApplicationName)) settings.ApplicationName = "CallCenter";
        // The providers run a handful of statements millions of times; preparing them server-side once per connection
        // gave +50% sequential writes/s here (docs/storage.md). An explicit setting wins: 0 turns it off, as a pooler in
        // transaction mode without prepared-statement support requires.
        if (!MentionsKey(options.ConnectionString, "Max Auto Prepare", "MaxAutoPrepare")) settings.MaxAutoPrepare = DefaultMaxAutoPrepare;
        // Orleans' ADO.NET providers look up their statements with an unqualified "SELECT ... FROM OrleansQuery", so the
        // pool's connections search the configured schema; our own SQL is schema-qualified and does not depend on it.
        // Quoted so that a mixed-case schema is found as configured. An explicit setting wins (it must name the schema).
        if (!MentionsKey(options.ConnectionString, "Search Path", "SearchPath")) settings.SearchPath = _quotedSchema;
        Description = $"PostgreSQL {settings.Host}:{settings.Port}/{settings.Database} schema {Schema}" + (TablePrefix.Length > 0 ? $" prefix {TablePrefix}" : "");

        var builder = new NpgsqlDataSourceBuilder(settings.ConnectionString);
        builder.UseLoggerFactory(loggerFactory);
        DataSource = builder.Build();
        _logger.LogInformation("{Description} configured ({Connection})", Description, ConnectionStrings.Redact(settings.ConnectionString));
    }

    /// <summary>Npgsql's <c>Max Auto Prepare</c> when the connection string does not set it.</summary>
    public const int DefaultMaxAutoPrepare = 16;

    public SqlDialect Dialect => SqlDialect.Postgres;

    public string Description { get; }

    /// <summary>The pool. Commands made with <c>DataSource.CreateCommand</c> borrow a connection for one execution.</summary>
    public NpgsqlDataSource DataSource { get; }

    public string Schema { get; }

    public string TablePrefix { get; }

    public string Table(string name) => _quotedSchema + "." + ObjectName(name);

    public string ObjectName(string name) => SqlIdentifier.Quote(SqlIdentifier.Validate(TablePrefix + SqlIdentifier.Validate(name, "Table name"), "Prefixed name"));

    /// <summary>The quoted, schema-qualified name of <paramref name="name"/> without the table prefix: for the tables of
    /// Orleans' ADO.NET providers, which find their statements through the one unprefixable <c>OrleansQuery</c> table per
    /// schema (see <see cref="AdoNet.AdoNetSchemas"/>).</summary>
    public string SchemaTable(string name) => _quotedSchema + "." + SchemaObjectName(name);

    /// <summary>Like <see cref="ObjectName"/> without the table prefix (an index or constraint of such a table).</summary>
    public string SchemaObjectName(string name) => SqlIdentifier.Quote(SqlIdentifier.Validate(name, "Name"));

    public async ValueTask<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken = default)
        => await DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);

    public Task EnsureSchemaAsync(SqlSchema schema, CancellationToken cancellationToken = default)
        => _schemas.EnsureAsync(schema, BootstrapAsync, cancellationToken);

    public ValueTask DisposeAsync() => DataSource.DisposeAsync();

    public void Dispose() => DataSource.Dispose();

    private async Task BootstrapAsync(SqlSchema schema)
    {
        await using var connection = await DataSource.OpenConnectionAsync().ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync().ConfigureAwait(false);

        // CREATE TABLE IF NOT EXISTS is not safe against itself: two sessions creating the same table at once can fail
        // on the catalog's unique index. One advisory lock per schema, held to the end of the transaction, queues the
        // processes that start together; the later ones then find the version recorded and do nothing.
        await using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_xact_lock($1)", connection, transaction))
        {
            lockCommand.Parameters.Add(new NpgsqlParameter<long> { TypedValue = AdvisoryLockKey(Schema) });
            await lockCommand.ExecuteNonQueryAsync().ConfigureAwait(false);
        }

        // Only create the schema when missing: CREATE SCHEMA IF NOT EXISTS still demands the CREATE privilege on the
        // database, which a production role that was handed an existing schema may well lack.
        await using (var exists = new NpgsqlCommand("SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = $1)", connection, transaction))
        {
            exists.Parameters.Add(new NpgsqlParameter<string> { TypedValue = Schema });
            if (await exists.ExecuteScalarAsync().ConfigureAwait(false) is not true)
            {
                await using var create = new NpgsqlCommand($"CREATE SCHEMA IF NOT EXISTS {_quotedSchema}", connection, transaction);
                await create.ExecuteNonQueryAsync().ConfigureAwait(false);
            }
        }

        await SchemaMigrator.ApplyAsync(this, connection, transaction, schema, CancellationToken.None).ConfigureAwait(false);
        await transaction.CommitAsync().ConfigureAwait(false);
        _logger.LogDebug("{Description}: schema {Component} is at version {Version}", Description, schema.Component, schema.LatestVersion);
    }

    private static bool MentionsKey(string connectionString, params string[] keys)
    {
        var parsed = new DbConnectionStringBuilder { ConnectionString = connectionString };
        return parsed.Keys.Cast<string>().Any(k => keys.Contains(k.Trim(), StringComparer.OrdinalIgnoreCase));
    }

    /// <summary>A fixed 64-bit FNV-1a hash of the schema name: the same in every process and every .NET version
    /// (string.GetHashCode is randomized per process).</summary>
    private static long AdvisoryLockKey(string schema)
    {
        var hash = 14695981039346656037UL;
        foreach (var b in Encoding.UTF8.GetBytes("callcenter.schema:" + schema))
        {
            hash ^= b;
            hash *= 1099511628211UL;
        }
        return unchecked((long)hash);
    }
}
