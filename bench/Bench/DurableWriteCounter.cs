using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;

namespace CallCenter.Bench;

/// <summary>
/// Durable writes (grain state writes and clears, reminder upserts and removals) by grain type, counted by decorators
/// around Orleans' own <see cref="IGrainStorage"/> (keyed "Default") and <see cref="IReminderTable"/> — the one place
/// every durable write passes whichever implementation the <c>Storage</c> settings chose (the project's stores behind
/// <c>StateStoreGrainStorage</c>/<c>ReminderStoreTable</c>, or Orleans' ADO.NET providers). A write is counted once the
/// provider acknowledged it.
/// </summary>
internal sealed class DurableWriteCounter
{
    private readonly ConcurrentDictionary<string, long> _counts = new(StringComparer.Ordinal);

    public void Add(string kind) => _counts.AddOrUpdate(kind, 1, (_, n) => n + 1);

    public Dictionary<string, long> Snapshot() => new(_counts, StringComparer.Ordinal);

    /// <summary>Wraps the registrations made by <c>AddCallCenterStorage</c> (call after it).</summary>
    public void Decorate(IServiceCollection services, string storageName = "Default")
    {
        var storages = 0;
        var tables = 0;
        for (var i = 0; i < services.Count; i++)
        {
            var d = services[i];
            if (d.ServiceType == typeof(IGrainStorage) && d.IsKeyedService && Equals(d.ServiceKey, storageName) && d.KeyedImplementationFactory is { } keyed)
            {
                services[i] = ServiceDescriptor.KeyedSingleton<IGrainStorage>(d.ServiceKey, (sp, key) => new CountingGrainStorage((IGrainStorage)keyed(sp, key), this));
                storages++;
            }
            else if (d.ServiceType == typeof(IReminderTable) && !d.IsKeyedService)
            {
                Func<IServiceProvider, object> inner = d.ImplementationFactory is { } factory ? factory
                    : d.ImplementationType is { } type ? sp => ActivatorUtilities.CreateInstance(sp, type)
                    : _ => d.ImplementationInstance!;
                services[i] = ServiceDescriptor.Singleton<IReminderTable>(sp => new CountingReminderTable((IReminderTable)inner(sp), this));
                tables++;
            }
        }
        if (storages == 0 || tables == 0)
            throw new InvalidOperationException($"found {storages} grain storage '{storageName}' and {tables} reminder table registrations to count writes of");
    }

    /// <summary>Forwards the silo lifecycle too: Orleans' ADO.NET storage loads its statements there.</summary>
    private sealed class CountingGrainStorage(IGrainStorage inner, DurableWriteCounter writes) : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>
    {
        public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => inner.ReadStateAsync(stateName, grainId, grainState);

        public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
        {
            await inner.WriteStateAsync(stateName, grainId, grainState);
            writes.Add(grainId.Type.ToString()!);
        }

        public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
        {
            await inner.ClearStateAsync(stateName, grainId, grainState);
            writes.Add(grainId.Type.ToString()!);
        }

        public void Participate(ISiloLifecycle lifecycle)
        {
            if (inner is ILifecycleParticipant<ISiloLifecycle> participant) participant.Participate(lifecycle);
        }
    }

    private sealed class CountingReminderTable(IReminderTable inner, DurableWriteCounter writes) : IReminderTable
    {
        public Task StartAsync(CancellationToken cancellationToken = default) => inner.StartAsync(cancellationToken);

        public Task StopAsync(CancellationToken cancellationToken = default) => inner.StopAsync(cancellationToken);

        public Task<ReminderTableData> ReadRows(GrainId grainId) => inner.ReadRows(grainId);

        public Task<ReminderTableData> ReadRows(GrainId grainId, CancellationToken cancellationToken) => inner.ReadRows(grainId, cancellationToken);

        public Task<ReminderTableData> ReadRows(uint begin, uint end) => inner.ReadRows(begin, end);

        public Task<ReminderTableData> ReadRows(uint begin, uint end, CancellationToken cancellationToken) => inner.ReadRows(begin, end, cancellationToken);

        public Task<ReminderEntry?> ReadRow(GrainId grainId, string reminderName) => inner.ReadRow(grainId, reminderName);

        public Task<ReminderEntry?> ReadRow(GrainId grainId, string reminderName, CancellationToken cancellationToken) => inner.ReadRow(grainId, reminderName, cancellationToken);

        public async Task<string?> UpsertRow(ReminderEntry entry)
        {
            var etag = await inner.UpsertRow(entry);
            writes.Add("reminder");
            return etag;
        }

        public async Task<string?> UpsertRow(ReminderEntry entry, CancellationToken cancellationToken)
        {
            var etag = await inner.UpsertRow(entry, cancellationToken);
            writes.Add("reminder");
            return etag;
        }

        public async Task<bool> RemoveRow(GrainId grainId, string reminderName, string eTag)
        {
            var removed = await inner.RemoveRow(grainId, reminderName, eTag);
            writes.Add("reminder");
            return removed;
        }

        public async Task<bool> RemoveRow(GrainId grainId, string reminderName, string eTag, CancellationToken cancellationToken)
        {
            var removed = await inner.RemoveRow(grainId, reminderName, eTag, cancellationToken);
            writes.Add("reminder");
            return removed;
        }

        public Task TestOnlyClearTable() => inner.TestOnlyClearTable();

        public Task TestOnlyClearTable(CancellationToken cancellationToken) => inner.TestOnlyClearTable(cancellationToken);
    }
}
