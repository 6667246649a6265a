using Orleans.Storage;

namespace CallCenter.Storage.Sql;

internal static class Failures
{
    /// <summary>Whether <paramref name="e"/> is a storage failure to wrap in a <see cref="StorageOperationException"/>:
    /// lost races and the caller's own cancellation pass through unchanged, since callers handle those by type.</summary>
    public static bool ShouldWrap(Exception e, CancellationToken cancellationToken)
        => e is not (InconsistentStateException or StorageOperationException) && !(e is OperationCanceledException && cancellationToken.IsCancellationRequested);
}
