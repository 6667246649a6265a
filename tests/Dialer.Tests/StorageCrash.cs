using System.Text.Json;
using CallCenter.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace CallCenter.Dialer.Tests;

/// <summary>
/// A "process crash" for grain storage: the real "Default" <see cref="IGrainStateStore"/> (and the reminder store) below Orleans' storage adapters wrapped so
/// that, once a trigger has seen a chosen write succeed (or be attempted), every later write of the chosen grain types
/// fails. Nothing more becomes durable for them, as if the process had died at that point; the test then restarts the
/// silo over the same SQLite file (the decorator is installed again, disarmed by <see cref="Disarm"/>).
/// </summary>
public sealed class StorageCrash
{
    private readonly object _gate = new();

    /// <summary>Looks at every write before it goes to storage: true crashes the storage <em>before</em> this write
    /// (it fails, and so does everything after it).</summary>
    public Func<GrainStateId, JsonElement, bool>? CrashBefore { get; set; }

    /// <summary>Looks at every write that reached storage: true crashes the storage right after it.</summary>
    public Func<GrainStateId, JsonElement, bool>? CrashAfter { get; set; }

    /// <summary>Which grain types' writes fail once crashed (default: all of them).</summary>
    public Func<string, bool> FailsWhenCrashed { get; set; } = _ => true;

    /// <summary>Reminder upserts of these grain types fail (independently of <see cref="Crashed"/>).</summary>
    public Func<string, bool> FailReminderUpserts { get; set; } = _ => false;

    public bool Crashed { get; private set; }

    public int FailedWrites { get; private set; }

    /// <summary>The process dies now: no later write of the chosen grain types becomes durable.</summary>
    public void CrashNow()
    {
        lock (_gate) Crashed = true;
    }

    public void Disarm()
    {
        lock (_gate)
        {
            CrashBefore = CrashAfter = null;
            FailReminderUpserts = _ => false;
            Crashed = false;
        }
    }

    /// <summary>Replaces the "Default" grain storage and the reminder table with decorators over the real ones.</summary>
    public void Install(IServiceCollection services)
    {
        var storage = services.Last(d => d.ServiceType == typeof(IGrainStateStore) && d.IsKeyedService && Equals(d.ServiceKey, "Default"));
        var storageFactory = storage.KeyedImplementationFactory ?? throw new InvalidOperationException("the Default grain storage is not registered by a factory");
        services.Remove(storage);
        services.AddKeyedSingleton<IGrainStateStore>("Default", (sp, key) => new Storage(this, (IGrainStateStore)storageFactory(sp, key)));

        var reminders = services.Last(d => d.ServiceType == typeof(IReminderStore) && !d.IsKeyedService);
        var reminderFactory = reminders.ImplementationFactory ?? throw new InvalidOperationException("the reminder table is not registered by a factory");
        services.Remove(reminders);
        services.AddSingleton<IReminderStore>(sp => new Reminders(this, (IReminderStore)reminderFactory(sp)));
    }

    /// <summary>A trigger for <see cref="CrashAfter"/>: the task's <paramref name="n"/>-th reservation write (the cursor
    /// moved on and calls with plans are in flight).</summary>
    public static Func<GrainStateId, JsonElement, bool> AfterReservationWrite(int n)
    {
        long cursor = 0;
        var seen = 0;
        return (id, json) =>
        {
            if (id.GrainType != "dialer-task") return false;
            var now = Property(json, "Cursor")?.GetInt64() ?? 0;
            var reserving = now > cursor && Property(json, "InFlight") is { ValueKind: JsonValueKind.Object } inFlight
                && inFlight.EnumerateObject().Any(c => Property(c.Value, "Plan") is { ValueKind: JsonValueKind.Object });
            cursor = Math.Max(cursor, now);
            return reserving && ++seen == n;
        };
    }

    public static JsonElement? Property(JsonElement e, string name)
    {
        if (e.ValueKind != JsonValueKind.Object) return null;
        foreach (var p in e.EnumerateObject())
        {
            if (string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase)) return p.Value;
        }
        return null;
    }

    private bool Fails(GrainStateId id)
    {
        lock (_gate)
        {
            if (Crashed && FailsWhenCrashed(id.GrainType))
            {
                FailedWrites++;
                return true;
            }
            return false;
        }
    }

    private sealed class Storage(StorageCrash crash, IGrainStateStore inner) : IGrainStateStore
    {
        public Task<GrainStateRecord?> ReadAsync(GrainStateId id, CancellationToken cancellationToken = default) => inner.ReadAsync(id, cancellationToken);

        public async Task<string> WriteAsync(GrainStateId id, ReadOnlyMemory<byte> payload, string? expectedETag, CancellationToken cancellationToken = default)
        {
            JsonElement? json = null;
            JsonElement Json() => json ??= JsonDocument.Parse(payload).RootElement.Clone();
            lock (crash._gate)
            {
                if (!crash.Crashed && crash.CrashBefore is { } before && before(id, Json())) crash.Crashed = true;
            }
            if (crash.Fails(id)) throw new IOException($"storage crashed (simulated): write of {id} refused");
            var etag = await inner.WriteAsync(id, payload, expectedETag, cancellationToken);
            lock (crash._gate)
            {
                if (!crash.Crashed && crash.CrashAfter is { } after && after(id, Json())) crash.Crashed = true;
            }
            return etag;
        }

        public Task ClearAsync(GrainStateId id, string? expectedETag, CancellationToken cancellationToken = default)
            => crash.Fails(id) ? Task.FromException(new IOException($"storage crashed (simulated): clear of {id} refused")) : inner.ClearAsync(id, expectedETag, cancellationToken);
    }

    private sealed class Reminders(StorageCrash crash, IReminderStore inner) : IReminderStore
    {
        public Task<IReadOnlyList<StoredReminder>> ReadAllAsync(CancellationToken cancellationToken = default) => inner.ReadAllAsync(cancellationToken);

        public Task<IReadOnlyList<StoredReminder>> ReadAsync(string grainType, string grainKey, CancellationToken cancellationToken = default)
            => inner.ReadAsync(grainType, grainKey, cancellationToken);

        public Task<StoredReminder?> ReadAsync(string grainType, string grainKey, string name, CancellationToken cancellationToken = default)
            => inner.ReadAsync(grainType, grainKey, name, cancellationToken);

        public Task<string> UpsertAsync(StoredReminder entry, CancellationToken cancellationToken = default)
        {
            bool fail;
            lock (crash._gate) fail = crash.FailReminderUpserts(entry.GrainType) || (crash.Crashed && crash.FailsWhenCrashed(entry.GrainType));
            return fail ? Task.FromException<string>(new IOException($"storage crashed (simulated): reminder {entry.Name} of {entry.GrainKey} refused")) : inner.UpsertAsync(entry, cancellationToken);
        }

        public Task<bool> RemoveAsync(string grainType, string grainKey, string name, CancellationToken cancellationToken = default)
        {
            bool fail;
            lock (crash._gate) fail = crash.Crashed && crash.FailsWhenCrashed(grainType);
            return fail ? Task.FromException<bool>(new IOException($"storage crashed (simulated): reminder {name} of {grainKey} not removed")) : inner.RemoveAsync(grainType, grainKey, name, cancellationToken);
        }
    }
}
