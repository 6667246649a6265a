using System.Diagnostics;
using System.Text;
using Orleans.Storage;
using CallCenter.Storage.Sql;
using CallCenter.Storage.Sqlite;
using CallCenter.Storage.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace CallCenter.Storage.Tests.Sqlite;

/// <summary>What is particular to the SQLite provider: the file settings, the group-commit writer, other processes'
/// locks.</summary>
public sealed class SqliteDatabaseTests : IDisposable
{
    private static readonly SqlSchema ItemsSchema = new("test-items",
        new SqlMigration(1, "items", db => $"CREATE TABLE IF NOT EXISTS {db.Table("items")} (id INTEGER PRIMARY KEY, name TEXT NOT NULL) STRICT"));

    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    private SqliteDatabase Open(Action<SqliteStorageOptions>? configure = null)
    {
        var options = new SqliteStorageOptions { ConnectionString = $"Data Source={_directory.File("db/callcenter.db")}" };
        configure?.Invoke(options);
        return new SqliteDatabase(options);
    }

    private static async Task<object?> ScalarAsync(SqliteDatabase database, string sql)
    {
        await using var connection = await database.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }

    [Fact]
    public async Task Opening_creates_the_missing_directory_and_puts_the_file_in_write_ahead_log_mode()
    {
        await using var database = Open();

        Assert.True(File.Exists(_directory.File("db/callcenter.db")));
        Assert.Equal(_directory.File("db/callcenter.db"), database.FilePath);
        Assert.Equal("wal", await ScalarAsync(database, "PRAGMA journal_mode"));
        Assert.Equal(SqlDialect.Sqlite, database.Dialect);
    }

    [Theory]
    [InlineData(SqliteSynchronousMode.Full, 2L)]
    [InlineData(SqliteSynchronousMode.Normal, 1L)]
    public async Task Every_connection_carries_the_configured_synchronous_mode_and_busy_timeout(SqliteSynchronousMode mode, long pragmaValue)
    {
        await using var database = Open(o => { o.Synchronous = mode; o.BusyTimeout = TimeSpan.FromMilliseconds(1234); });

        for (var i = 0; i < 3; i++) // pooled connections too, not just the first
        {
            Assert.Equal(pragmaValue, await ScalarAsync(database, "PRAGMA synchronous"));
            Assert.Equal(1234L, await ScalarAsync(database, "PRAGMA busy_timeout"));
        }
    }

    [Fact]
    public void The_default_is_a_file_under_data_synced_at_every_commit()
    {
        var options = new SqliteStorageOptions();

        Assert.Equal("Data Source=data/callcenter.db", options.ConnectionString);
        Assert.Equal(SqliteSynchronousMode.Full, options.Synchronous);
    }

    [Theory]
    [InlineData("Data Source=:memory:")]
    [InlineData("Data Source=shared;Mode=Memory;Cache=Shared")]
    [InlineData("")]
    public void In_memory_or_missing_databases_are_refused_with_a_clear_message(string connectionString)
    {
        var error = Assert.Throws<ArgumentException>(() => new SqliteDatabase(new SqliteStorageOptions { ConnectionString = connectionString }));

        Assert.Matches("in-memory|ConnectionString is empty", error.Message);
    }

    [Fact]
    public async Task Concurrent_writes_share_commits_and_each_is_acknowledged_after_its_commit()
    {
        await using var database = Open();
        var storage = new SqliteGrainStateStore(database);
        await storage.ReadAsync(new GrainStateId("warm", "up", "state")); // schema bootstrap outside the count
        var before = database.WriterCommits;

        var ids = Enumerable.Range(0, 200).Select(i => new GrainStateId("call", $"k{i}", "state")).ToList();
        var etags = await Task.WhenAll(ids.Select(id => Task.Run(() => storage.WriteAsync(id, Encoding.UTF8.GetBytes(id.GrainKey), null))));

        var commits = database.WriterCommits - before;
        Assert.InRange(commits, 1, 199);
        for (var i = 0; i < ids.Count; i++) Assert.Equal(etags[i], (await storage.ReadAsync(ids[i]))!.ETag);
    }

    [Fact]
    public async Task With_a_batch_size_of_one_every_write_commits_alone()
    {
        await using var database = Open(o => o.MaxWriteBatchSize = 1);
        var storage = new SqliteGrainStateStore(database);
        await storage.ReadAsync(new GrainStateId("warm", "up", "state"));
        var before = database.WriterCommits;

        await Task.WhenAll(Enumerable.Range(0, 50).Select(i => Task.Run(() => storage.WriteAsync(new GrainStateId("call", $"k{i}", "state"), new byte[] { 1 }, null))));

        Assert.Equal(50, database.WriterCommits - before);
    }

    [Fact]
    public async Task A_write_that_throws_inside_a_group_fails_alone_and_the_others_are_committed()
    {
        await using var database = Open();
        await database.EnsureSchemaAsync(ItemsSchema);
        using var release = new ManualResetEventSlim();
        var blocker = database.WriteAsync(_ => release.Wait(TimeSpan.FromSeconds(10)));

        // Queued behind the blocker, these five form one group once it is released.
        var writes = Enumerable.Range(1, 5).Select(i => database.WriteAsync(context =>
        {
            var command = context.Command(i == 3 ? "INSERT INTO items (id, name) VALUES ($id, NULL)" : "INSERT INTO items (id, name) VALUES ($id, 'ok')");
            command.Parameters.AddWithValue("$id", i);
            return command.ExecuteNonQuery();
        })).ToList();
        release.Set();
        await blocker;

        var failure = await Assert.ThrowsAsync<SqliteException>(() => writes[2]);
        Assert.Contains("NOT NULL", failure.Message, StringComparison.Ordinal);
        foreach (var i in new[] { 0, 1, 3, 4 }) Assert.Equal(1, await writes[i]);
        Assert.Equal(4L, await ScalarAsync(database, "SELECT count(*) FROM items"));
    }

    [Fact]
    public async Task A_write_cancelled_while_queued_never_runs()
    {
        await using var database = Open();
        using var release = new ManualResetEventSlim();
        var blocker = database.WriteAsync(_ => release.Wait(TimeSpan.FromSeconds(10)));
        using var cancellation = new CancellationTokenSource();
        var ran = false;

        var queued = database.WriteAsync(_ => ran = true, cancellation.Token);
        await cancellation.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => queued);
        release.Set();
        await blocker;
        await database.WriteAsync(_ => 0); // the writer has moved past the cancelled write

        Assert.False(ran);
    }

    [Fact]
    public async Task Writes_queued_before_dispose_are_committed_and_later_ones_refused()
    {
        var database = Open();
        await database.EnsureSchemaAsync(ItemsSchema);
        var queued = Enumerable.Range(1, 20).Select(i => database.WriteAsync(context =>
        {
            var command = context.Command("INSERT INTO items (id, name) VALUES ($id, 'x')");
            command.Parameters.AddWithValue("$id", i);
            return command.ExecuteNonQuery();
        })).ToList();

        await database.DisposeAsync();

        Assert.All(await Task.WhenAll(queued), n => Assert.Equal(1, n));
        Assert.Throws<ObjectDisposedException>(() => { _ = database.WriteAsync(_ => 0); });
        await using var reopened = Open();
        Assert.Equal(20L, await ScalarAsync(reopened, "SELECT count(*) FROM items"));
    }

    [Fact]
    public async Task A_write_waits_for_another_process_to_release_the_write_lock()
    {
        await using var database = Open();
        var storage = new SqliteGrainStateStore(database);
        var id = new GrainStateId("call", "locked-briefly", "state");
        await storage.ReadAsync(id);
        await using var otherProcess = new SqliteConnection($"Data Source={database.FilePath};Pooling=False");
        otherProcess.Open();
        var transaction = otherProcess.BeginTransaction(); // BEGIN IMMEDIATE: holds the write lock

        var write = storage.WriteAsync(id, new byte[] { 1 }, null);
        await Task.Delay(300);
        Assert.False(write.IsCompleted);
        transaction.Commit();

        var etag = await write.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(etag, (await storage.ReadAsync(id))!.ETag);
    }

    [Fact]
    public async Task A_lock_held_past_the_busy_timeout_fails_with_an_error_that_names_the_state()
    {
        await using var database = Open(o => o.BusyTimeout = TimeSpan.FromMilliseconds(200));
        var storage = new SqliteGrainStateStore(database, "Default");
        var id = new GrainStateId("call", "tenant1:locked", "state");
        await storage.ReadAsync(id);
        await using var otherProcess = new SqliteConnection($"Data Source={database.FilePath};Pooling=False");
        otherProcess.Open();
        using var transaction = otherProcess.BeginTransaction();

        var clock = Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<StorageOperationException>(() => storage.WriteAsync(id, new byte[] { 1 }, null));

        Assert.InRange(clock.Elapsed, TimeSpan.FromMilliseconds(150), TimeSpan.FromSeconds(5));
        Assert.Contains("SQLite storage 'Default' could not write state call/tenant1:locked/state", error.Message, StringComparison.Ordinal);
        Assert.Contains("locked", error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.IsType<SqliteException>(error.InnerException);
        transaction.Rollback();
        await storage.WriteAsync(id, new byte[] { 2 }, null); // and the writer recovers
    }

    [Fact]
    public async Task Writes_queued_behind_a_lock_that_outlasts_the_busy_timeout_fail_together_without_multiplying_the_wait()
    {
        await using var database = Open(o => o.BusyTimeout = TimeSpan.FromMilliseconds(100));
        var storage = new SqliteGrainStateStore(database);
        await storage.ReadAsync(new GrainStateId("warm", "up", "state"));
        await using var otherProcess = new SqliteConnection($"Data Source={database.FilePath};Pooling=False");
        otherProcess.Open();
        using var transaction = otherProcess.BeginTransaction();

        var clock = Stopwatch.StartNew();
        var writes = Enumerable.Range(0, 20).Select(i => storage.WriteAsync(new GrainStateId("call", $"k{i}", "state"), new byte[] { 1 }, null)).ToList();
        foreach (var write in writes) await Assert.ThrowsAsync<StorageOperationException>(() => write);

        // One wait for the first group and one for the rest (each about a second: the busy timeout rounded up to the
        // driver's whole-second retry), not one per write.
        Assert.InRange(clock.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(6));
    }
}
