using System.Globalization;

namespace CallCenter.Telephony.FreeSwitch;

/// <summary>
/// A FreeSWITCH event, whatever format it travelled in (plain, json, xml): its headers, looked up case-insensitively,
/// and its body if it has one (e.g. the result text of a BACKGROUND_JOB).
/// </summary>
public sealed class EslEvent(IReadOnlyDictionary<string, string> headers, string? body = null)
{
    public IReadOnlyDictionary<string, string> Headers { get; } = headers;

    public string? Body { get; } = body;

    public string Name => Header(EslHeaders.EventName) ?? "";

    /// <summary>For CUSTOM events, e.g. <c>sofia::register</c>.</summary>
    public string? Subclass => Header(EslHeaders.EventSubclass);

    /// <summary>The channel the event is about, for channel events.</summary>
    public string? UniqueId => Header(EslHeaders.UniqueId);

    public string? JobUuid => Header(EslHeaders.JobUuid);

    /// <summary>Event-Date-Timestamp (microseconds since the Unix epoch, switch time), if present and valid.</summary>
    public DateTimeOffset? Timestamp => MicrosecondsToTime(Header(EslHeaders.EventDateTimestamp));

    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

    /// <summary>A channel variable, i.e. the <c>variable_NAME</c> header.</summary>
    public string? Variable(string name) => Header(EslHeaders.VariablePrefix + name);

    /// <summary>Every <c>variable_*</c> header, named without the prefix.</summary>
    public IEnumerable<KeyValuePair<string, string>> Variables =>
        Headers.Where(h => h.Key.StartsWith(EslHeaders.VariablePrefix, StringComparison.OrdinalIgnoreCase))
            .Select(h => KeyValuePair.Create(h.Key[EslHeaders.VariablePrefix.Length..], h.Value));

    /// <summary>FreeSWITCH times are microseconds since the epoch; "0" means "never" (e.g. an unanswered leg).</summary>
    public static DateTimeOffset? MicrosecondsToTime(string? microseconds)
    {
        if (!long.TryParse(microseconds, NumberStyles.None, CultureInfo.InvariantCulture, out var us) || us <= 0) return null;
        if (us > DateTimeOffset.MaxValue.ToUnixTimeMilliseconds() * 1000L) return null;
        return DateTimeOffset.UnixEpoch.AddTicks(us * 10);
    }

    public override string ToString() =>
        Subclass is null ? $"{Name} {UniqueId}" : $"{Name} {Subclass} {UniqueId}";
}
