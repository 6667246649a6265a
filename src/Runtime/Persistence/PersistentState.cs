using System.Text.Json;
using CallCenter.Runtime.Storage;

namespace CallCenter.Runtime.Persistence;

/// <summary>
/// <see cref="IPersistentState{TState}"/> over an <see cref="IGrainStorage"/>: the state as JSON, every write and clear
/// conditional on the ETag this activation last saw.
/// </summary>
internal sealed class PersistentState<TState>(GrainStateId id, IGrainStorage storage, JsonSerializerOptions serializerOptions)
    : IPersistentState<TState>, IPersistentStateLoader
{
    public TState State { get; set; } = DefaultState<TState>.Create(serializerOptions);

    public string? Etag { get; private set; }

    public bool RecordExists { get; private set; }

    public async Task ReadStateAsync(CancellationToken cancellationToken = default)
    {
        var record = await storage.ReadAsync(id, cancellationToken).ConfigureAwait(false);
        if (record is null)
        {
            State = DefaultState<TState>.Create(serializerOptions);
            Etag = null;
            RecordExists = false;
            return;
        }
        try
        {
            State = JsonSerializer.Deserialize<TState>(record.Payload, serializerOptions) ?? DefaultState<TState>.Create(serializerOptions);
        }
        catch (JsonException exception)
        {
            throw new InvalidOperationException($"Stored state {id} cannot be read as {typeof(TState).Name}: {exception.Message}", exception);
        }
        Etag = record.ETag;
        RecordExists = true;
    }

    public async Task WriteStateAsync(CancellationToken cancellationToken = default)
    {
        var payload = JsonSerializer.SerializeToUtf8Bytes(State, serializerOptions);
        // On InconsistentStateException nothing here changes: the caller learns that the stored state is newer.
        Etag = await storage.WriteAsync(id, payload, Etag, cancellationToken).ConfigureAwait(false);
        RecordExists = true;
    }

    public async Task ClearStateAsync(CancellationToken cancellationToken = default)
    {
        await storage.ClearAsync(id, Etag, cancellationToken).ConfigureAwait(false);
        State = DefaultState<TState>.Create(serializerOptions);
        Etag = null;
        RecordExists = false;
    }
}
