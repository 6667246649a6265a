using Orleans.Storage;

namespace CallCenter.Storage.Sql;

/// <summary>The <see cref="InconsistentStateException"/>s of the SQL providers, worded alike and always carrying the
/// ETag the store holds now, so a caller can tell "someone else wrote" from "someone else deleted".</summary>
internal static class Conflicts
{
    public static InconsistentStateException Write(GrainStateId id, string? expectedETag, string? storedETag) => new(
        expectedETag is null
            ? $"Cannot write {id}: the writer expected no stored state, but state with ETag {storedETag} exists (another activation wrote first)."
            : storedETag is null
                ? $"Cannot write {id}: the writer expected ETag {expectedETag}, but nothing is stored (the state was cleared)."
                : $"Cannot write {id}: the writer expected ETag {expectedETag}, but the stored ETag is {storedETag} (another activation wrote first).",
        storedETag, expectedETag);

    public static InconsistentStateException Clear(GrainStateId id, string? expectedETag, string? storedETag) => new(
        expectedETag is null
            ? $"Cannot clear {id}: the caller expected no stored state, but state with ETag {storedETag} exists."
            : storedETag is null
                ? $"Cannot clear {id}: the caller expected ETag {expectedETag}, but nothing is stored."
                : $"Cannot clear {id}: the caller expected ETag {expectedETag}, but the stored ETag is {storedETag}.",
        storedETag, expectedETag);
}
