using System.Globalization;
using System.Text.RegularExpressions;
using CallCenter.Tenancy;

namespace CallCenter.Recordings;

/// <summary>
/// Blob keys of call recordings and the grain keys of the recording area, built and parsed here only. A recording key is
/// <c>{tenant}/recordings/{yyyy-MM-dd}/{callId}.wav</c>: the tenant id is its first segment, in the local spool and in
/// the one Azure container alike, so a key resolved for one tenant can never name another tenant's blob, and every
/// reader checks <see cref="BelongsTo"/> before it opens one.
/// </summary>
public static partial class RecordingKeys
{
    private const string Folder = "recordings";
    private const string Extension = ".wav";
    private const string DateFormat = "yyyy-MM-dd";

    // Call ids are ours (GUIDs, dialer ids); anything that could become a path trick or an odd blob name is refused.
    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$", RegexOptions.CultureInvariant)]
    private static partial Regex CallIdPattern();

    public static bool IsValidCallId(string? callId) => callId is not null && CallIdPattern().IsMatch(callId) && !callId.EndsWith('.');

    /// <summary>The key of a call's recording, dated by the call's local day (the folder an operator browses).</summary>
    public static string Recording(string tenantId, DateOnly localDate, string callId)
    {
        if (!IsValidCallId(callId)) throw new ArgumentException($"'{callId}' is not a call id a recording can be named by", nameof(callId));
        return TenantIds.Key(tenantId, $"{Folder}/{localDate.ToString(DateFormat, CultureInfo.InvariantCulture)}/{callId}{Extension}");
    }

    /// <summary>The key of the recording of a call connected at <paramref name="connectedAt"/>, dated in the contact
    /// center's local time (<paramref name="localOffset"/>).</summary>
    public static string Recording(string tenantId, DateTimeOffset connectedAt, TimeSpan localOffset, string callId)
        => Recording(tenantId, DateOnly.FromDateTime(connectedAt.ToOffset(localOffset).DateTime), callId);

    /// <summary>Splits a recording key; false for anything that is not exactly what <see cref="Recording(string, DateOnly, string)"/>
    /// builds.</summary>
    public static bool TryParse(string? key, out RecordingKey parsed)
    {
        parsed = default;
        if (key is null) return false;
        var parts = key.Split('/');
        if (parts.Length != 4 || !TenantIds.IsValid(parts[0]) || parts[1] != Folder) return false;
        if (!DateOnly.TryParseExact(parts[2], DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)) return false;
        if (!parts[3].EndsWith(Extension, StringComparison.Ordinal)) return false;
        var callId = parts[3][..^Extension.Length];
        if (!IsValidCallId(callId)) return false;
        parsed = new RecordingKey(parts[0], date, callId);
        return true;
    }

    /// <summary>Whether <paramref name="key"/> is a well-formed recording key of <paramref name="tenantId"/>.</summary>
    public static bool BelongsTo(string? key, string tenantId) => TryParse(key, out var parsed) && parsed.TenantId == tenantId;

    /// <summary>The tenant's recording archive grain (<see cref="IRecordingArchiveGrain"/>): uploads and retention.</summary>
    public static string Archive(string tenantId) => TenantIds.Key(tenantId, "recording-archive");

    public static string TenantOf(string grainKey) => TenantIds.Split(grainKey).TenantId;
}

/// <summary>The parts of a recording key.</summary>
public readonly record struct RecordingKey(string TenantId, DateOnly LocalDate, string CallId);
