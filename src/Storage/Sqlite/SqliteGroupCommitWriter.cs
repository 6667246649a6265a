using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace CallCenter.Storage.Sqlite;

/// <summary>
/// The one writer of a SQLite database in this process, committing queued writes in groups.
/// </summary>
/// <remarks>
/// SQLite admits one writer at a time; with many threads each opening its own write transaction they would mostly sleep
/// in the busy handler, and with <c>synchronous=FULL</c> every commit costs a sync of the log. So writes are queued to a
/// single connection, and whatever has queued up while the previous commit was syncing goes into the next transaction:
/// one sync then acknowledges the whole group. A lone writer pays no delay (nothing waits for a batch to fill); 64
/// concurrent writers share syncs. A write is acknowledged only after its transaction committed.
/// Cancellation is honoured while a write is still queued; once it has started, it runs to its outcome.
/// </remarks>
internal sealed class SqliteGroupCommitWriter : IAsyncDisposable
{
    private readonly Channel<PendingWrite> _queue = Channel.CreateUnbounded<PendingWrite>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Func<SqliteConnection> _openConnection;
    private readonly int _maxBatchSize;
    private readonly ILogger _logger;
    private readonly Task _loop;
    private SqliteConnection? _connection;
    private SqliteWriteContext? _context;
    private long _commits;

    public SqliteGroupCommitWriter(Func<SqliteConnection> openConnection, int maxBatchSize, ILogger logger)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatchSize, 1);
        _openConnection = openConnection;
        _maxBatchSize = maxBatchSize;
        _logger = logger;
        _loop = Task.Run(RunAsync);
    }

    /// <summary>Transactions committed so far (tests check that concurrent writes share them).</summary>
    public long Commits => Interlocked.Read(ref _commits);

    public Task<T> EnqueueAsync<T>(Func<SqliteWriteContext, T> work, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested) return Task.FromCanceled<T>(cancellationToken);
        var write = new PendingWrite<T>(work, cancellationToken);
        if (!_queue.Writer.TryWrite(write))
        {
            write.Dispose();
            throw new ObjectDisposedException(nameof(SqliteDatabase), "The SQLite database has been disposed.");
        }
        return write.Task;
    }

    public async ValueTask DisposeAsync()
    {
        // Writes already queued are still committed: a caller that got no exception from EnqueueAsync is owed an outcome.
        _queue.Writer.TryComplete();
        await _loop.ConfigureAwait(false);
    }

    private async Task RunAsync()
    {
        var batch = new List<PendingWrite>(_maxBatchSize);
        try
        {
            while (await _queue.Reader.WaitToReadAsync().ConfigureAwait(false))
            {
                while (batch.Count < _maxBatchSize && _queue.Reader.TryRead(out var write)) batch.Add(write);
                CommitGroup(batch);
                batch.Clear();
            }
        }
        finally
        {
            CloseConnection();
        }
    }

    private void CommitGroup(List<PendingWrite> batch)
    {
        try
        {
            RunInTransaction(batch);
            foreach (var write in batch) write.Complete();
        }
        catch (WriteFaultedException faulted) when (batch.Count > 1)
        {
            // One write threw; nothing of the group was committed. Run each alone so only the one at fault fails.
            _logger.LogDebug(faulted.InnerException, "A write in a SQLite group commit of {Count} failed; running them one by one", batch.Count);
            foreach (var write in batch)
            {
                try
                {
                    RunInTransaction([write]);
                    write.Complete();
                }
                catch (Exception single)
                {
                    write.Fail(Unwrap(single));
                }
            }
        }
        catch (Exception e)
        {
            // Opening, BEGIN (another process kept the lock past the busy timeout) or COMMIT failed: that is no write's
            // fault, and retrying them one by one would only multiply the wait. All fail alike.
            foreach (var write in batch) write.Fail(Unwrap(e));
        }
    }

    private void RunInTransaction(List<PendingWrite> writes)
    {
        try
        {
            _connection ??= _openConnection();
            _context ??= new SqliteWriteContext(_connection);
            // BeginTransaction() is BEGIN IMMEDIATE: the write lock is taken (waiting out other processes through the
            // busy timeout) before anything is read, so a read-then-write inside the group never hits SQLITE_BUSY_SNAPSHOT.
            using var transaction = _connection.BeginTransaction();
            _context.Begin(transaction);
            try
            {
                foreach (var write in writes)
                {
                    // Claimed only now, so a caller can still cancel while earlier writes of the group run.
                    if (!write.TryStart()) continue;
                    try
                    {
                        write.Execute(_context);
                    }
                    catch (Exception e)
                    {
                        throw new WriteFaultedException(e);
                    }
                }
                transaction.Commit();
                Interlocked.Increment(ref _commits);
            }
            finally
            {
                _context.End();
            }
        }
        catch (Exception e) when (e is not WriteFaultedException)
        {
            // The connection may be unusable (I/O error, half-finished commit): start the next group on a fresh one.
            CloseConnection();
            throw;
        }
    }

    private static Exception Unwrap(Exception e) => e is WriteFaultedException { InnerException: { } inner } ? inner : e;

    private void CloseConnection()
    {
        _context?.DisposeCommands();
        _context = null;
        _connection?.Dispose();
        _connection = null;
    }

    /// <summary>Marks an exception thrown by a write's own work (as opposed to BEGIN, COMMIT or the connection).</summary>
    private sealed class WriteFaultedException(Exception inner) : Exception(inner.Message, inner);

    private abstract class PendingWrite
    {
        private const int Queued = 0, Started = 1, Cancelled = 2;
        private int _state;

        /// <summary>Claims the write for execution unless its caller cancelled while it was queued (a write claimed
        /// before may run again: its group is being retried write by write).</summary>
        public bool TryStart() => Interlocked.CompareExchange(ref _state, Started, Queued) != Cancelled;

        protected bool TryCancel() => Interlocked.CompareExchange(ref _state, Cancelled, Queued) == Queued;

        public abstract void Execute(SqliteWriteContext context);

        public abstract void Complete();

        public abstract void Fail(Exception exception);
    }

    private sealed class PendingWrite<T> : PendingWrite, IDisposable
    {
        private readonly TaskCompletionSource<T> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly Func<SqliteWriteContext, T> _work;
        private readonly CancellationTokenRegistration _registration;
        private T? _result;

        public PendingWrite(Func<SqliteWriteContext, T> work, CancellationToken cancellationToken)
        {
            _work = work;
            if (cancellationToken.CanBeCanceled)
            {
                _registration = cancellationToken.Register(static (state, token) =>
                {
                    var self = (PendingWrite<T>)state!;
                    if (self.TryCancel()) self._completion.TrySetCanceled(token);
                }, this);
            }
        }

        public Task<T> Task => _completion.Task;

        // Runs again from scratch if the group is retried write by write, so it only keeps the latest result.
        public override void Execute(SqliteWriteContext context) => _result = _work(context);

        public override void Complete()
        {
            _registration.Dispose();
            _completion.TrySetResult(_result!);
        }

        public override void Fail(Exception exception)
        {
            _registration.Dispose();
            _completion.TrySetException(exception);
        }

        public void Dispose() => _registration.Dispose();
    }
}
