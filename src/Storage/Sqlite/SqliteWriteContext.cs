using Microsoft.Data.Sqlite;

namespace CallCenter.Storage.Sqlite;

/// <summary>
/// What a queued write sees when <see cref="SqliteDatabase.WriteAsync{T}"/> runs it: the writer's connection inside a
/// transaction shared with the other writes of the same batch. Commands come from a cache, so each SQL text is
/// prepared once for the writer's lifetime rather than once per write.
/// </summary>
/// <remarks>
/// A write must not commit, roll back or keep state between calls, and should report an expected outcome (a lost race)
/// as its result rather than by throwing: an exception rolls back the whole batch, after which every write of it is run
/// again alone so that only the faulty one fails.
/// </remarks>
public sealed class SqliteWriteContext
{
    private readonly Dictionary<string, SqliteCommand> _commands = new(StringComparer.Ordinal);
    private SqliteTransaction? _transaction;

    internal SqliteWriteContext(SqliteConnection connection) => Connection = connection;

    public SqliteConnection Connection { get; }

    /// <summary>A command for <paramref name="sql"/> enlisted in the current transaction, its parameters cleared.</summary>
    public SqliteCommand Command(string sql)
    {
        if (!_commands.TryGetValue(sql, out var command))
        {
            command = Connection.CreateCommand();
            command.CommandText = sql;
            _commands.Add(sql, command);
        }
        command.Transaction = _transaction;
        command.Parameters.Clear();
        return command;
    }

    internal void Begin(SqliteTransaction transaction) => _transaction = transaction;

    internal void End() => _transaction = null;

    internal void DisposeCommands()
    {
        foreach (var command in _commands.Values) command.Dispose();
        _commands.Clear();
    }
}
