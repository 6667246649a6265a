using Orleans;
using Orleans.Runtime;

namespace CallCenter.Storage.Orleans;

/// <summary>
/// Orleans' <see cref="IReminderTable"/> over one of the project's <see cref="IReminderStore"/>s (the embedded SQLite file,
/// or memory in tests). Orleans asks for reminders by ranges of the grains' uniform hash, which the store does not keep:
/// the rows are filtered here, which suits the single silo of the embedded run. Clusters use the ADO.NET reminder table on
/// PostgreSQL, which stores the hash.
/// </summary>
public sealed class ReminderStoreTable(IReminderStore store) : IReminderTable
{
    public Task StartAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

    public async Task<ReminderTableData> ReadRows(GrainId grainId)
    {
        var rows = await store.ReadAsync(grainId.Type.ToString()!, grainId.Key.ToString()!).ConfigureAwait(false);
        return new ReminderTableData(rows.Select(ToEntry).ToList());
    }

    public async Task<ReminderTableData> ReadRows(uint begin, uint end)
    {
        var rows = await store.ReadAllAsync().ConfigureAwait(false);
        return new ReminderTableData(rows.Select(ToEntry).Where(e => InRange(e.GrainId.GetUniformHashCode(), begin, end)).ToList());
    }

    public async Task<ReminderEntry?> ReadRow(GrainId grainId, string reminderName)
    {
        var row = await store.ReadAsync(grainId.Type.ToString()!, grainId.Key.ToString()!, reminderName).ConfigureAwait(false);
        return row is null ? null : ToEntry(row);
    }

    public async Task<string?> UpsertRow(ReminderEntry entry)
        => await store.UpsertAsync(new StoredReminder(entry.GrainId.Type.ToString()!, entry.GrainId.Key.ToString()!, entry.ReminderName,
            new DateTimeOffset(DateTime.SpecifyKind(entry.StartAt, DateTimeKind.Utc)), entry.Period)).ConfigureAwait(false);

    public async Task<bool> RemoveRow(GrainId grainId, string reminderName, string eTag)
    {
        var row = await store.ReadAsync(grainId.Type.ToString()!, grainId.Key.ToString()!, reminderName).ConfigureAwait(false);
        // Conditional, as Orleans expects: a reminder re-registered since the caller read it stays.
        if (row is null || (eTag is not null && row.ETag != eTag)) return false;
        return await store.RemoveAsync(row.GrainType, row.GrainKey, row.Name).ConfigureAwait(false);
    }

    public async Task TestOnlyClearTable()
    {
        foreach (var row in await store.ReadAllAsync().ConfigureAwait(false)) await store.RemoveAsync(row.GrainType, row.GrainKey, row.Name).ConfigureAwait(false);
    }

    /// <summary>Orleans' ring ranges: (begin, end], wrapping around when begin ≥ end (the whole ring when equal).</summary>
    internal static bool InRange(uint hash, uint begin, uint end)
        => begin < end ? hash > begin && hash <= end : hash > begin || hash <= end;

    private static ReminderEntry ToEntry(StoredReminder row) => new()
    {
        GrainId = GrainId.Create(row.GrainType, row.GrainKey),
        ReminderName = row.Name,
        StartAt = row.StartAt.UtcDateTime,
        Period = row.Period,
        ETag = row.ETag,
    };
}
