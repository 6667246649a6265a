using System.Collections.Concurrent;

namespace CallCenter.Storage.Sql;

/// <summary>
/// Runs each component's schema bootstrap once per database instance and lets every later caller through for free.
/// The bootstrap itself is not cancelled by whichever caller happened to start it (others are waiting on it); a failed
/// bootstrap (database not up yet) is forgotten so the next operation tries again rather than failing forever.
/// </summary>
internal sealed class SchemaGate
{
    private readonly ConcurrentDictionary<string, Lazy<Task>> _done = new(StringComparer.Ordinal);

    public Task EnsureAsync(SqlSchema schema, Func<SqlSchema, Task> bootstrap, CancellationToken cancellationToken)
    {
        var lazy = _done.GetOrAdd(schema.Component, _ => new Lazy<Task>(() => bootstrap(schema)));
        var task = lazy.Value;
        return task.IsCompletedSuccessfully ? task : AwaitAsync(schema.Component, lazy, task, cancellationToken);
    }

    private async Task AwaitAsync(string component, Lazy<Task> lazy, Task task, CancellationToken cancellationToken)
    {
        try
        {
            await task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch when (task.IsFaulted || task.IsCanceled)
        {
            _done.TryRemove(new KeyValuePair<string, Lazy<Task>>(component, lazy));
            throw;
        }
    }
}
