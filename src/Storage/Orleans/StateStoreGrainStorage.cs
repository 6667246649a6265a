using System.Diagnostics;
using CallCenter.Runtime.Serialization;
using Orleans.Runtime;
using Orleans.Storage;

namespace CallCenter.Storage.Orleans;

/// <summary>
/// Orleans' <see cref="IGrainStorage"/> over one of the project's <see cref="IGrainStateStore"/>s: the state as JSON
/// (<see cref="JsonGrainStateSerializer"/>), keyed by the grain's stable type name, its key and the state name — the same
/// rows the embedded data directories already hold — and every write and clear conditional on the ETag last seen.
/// </summary>
public sealed class StateStoreGrainStorage(string name, IGrainStateStore store, JsonGrainStateSerializer serializer) : IGrainStorage
{
    public string Name { get; } = name;

    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var record = await store.ReadAsync(Id(stateName, grainId)).ConfigureAwait(false);
        if (record is null)
        {
            grainState.State = serializer.CreateDefault<T>();
            grainState.ETag = null;
            grainState.RecordExists = false;
            return;
        }
        grainState.State = serializer.Read<T>(record.Payload);
        grainState.ETag = record.ETag;
        grainState.RecordExists = true;
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var payload = serializer.Serialize(grainState.State).ToMemory();
        var started = Stopwatch.GetTimestamp();
        var succeeded = false;
        try
        {
            // On InconsistentStateException nothing here changes: Orleans deactivates the grain, which rereads what is stored.
            grainState.ETag = await store.WriteAsync(Id(stateName, grainId), payload, grainState.ETag).ConfigureAwait(false);
            succeeded = true;
        }
        finally
        {
            StorageMetrics.Written(Name, "write", started, succeeded);
        }
        grainState.RecordExists = true;
    }

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var started = Stopwatch.GetTimestamp();
        var succeeded = false;
        try
        {
            await store.ClearAsync(Id(stateName, grainId), grainState.ETag).ConfigureAwait(false);
            succeeded = true;
        }
        finally
        {
            StorageMetrics.Written(Name, "clear", started, succeeded);
        }
        grainState.State = serializer.CreateDefault<T>();
        grainState.ETag = null;
        grainState.RecordExists = false;
    }

    /// <summary>The stored identity: the <c>[GrainType]</c> name and the string key, never a CLR name.</summary>
    public static GrainStateId Id(string stateName, GrainId grainId) => new(grainId.Type.ToString()!, grainId.Key.ToString()!, stateName);
}
