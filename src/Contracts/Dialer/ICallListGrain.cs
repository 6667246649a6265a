
namespace CallCenter.Dialer;

/// <summary>
/// A number list (callListId) that tasks dial: append-only, numbered 1, 2, 3…, de-duplicated. Filled by our import
/// endpoint (the spec names callListId but has no way to load one). Key: <see cref="DialerKeys.CallList"/>.
/// </summary>
[Alias("dialer.ICallListGrain")]
public interface ICallListGrain : IGrainWithStringKey
{
    /// <summary>Appends the numbers not yet in the list (already validated by the edge).</summary>
    Task<CallListImportResult> AppendAsync(IReadOnlyList<string> numbers);

    /// <summary>Up to <paramref name="max"/> entries with an id above <paramref name="afterId"/>, in id order.</summary>
    Task<IReadOnlyList<CallListEntry>> ReadAsync(long afterId, int max);

    Task<long> LastIdAsync();

    public static bool IsValidId(string? id)
        => id is { Length: > 0 and <= 64 } && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.');
}

[GenerateSerializer, Immutable, Alias("dialer.CallListEntry")]
public sealed record CallListEntry(long Id, string Number);

/// <param name="Duplicates">Numbers already in the list (or repeated in the import).</param>
[GenerateSerializer, Immutable, Alias("dialer.CallListImportResult")]
public sealed record CallListImportResult(int Accepted, int Duplicates, long FirstId, long LastId, long Total);
