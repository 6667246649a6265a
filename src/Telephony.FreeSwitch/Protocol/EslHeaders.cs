namespace CallCenter.Telephony.FreeSwitch;

/// <summary>
/// Header names are case-insensitive on the event socket (FreeSWITCH itself compares them with strcasecmp), so every
/// header dictionary the protocol layer hands out uses this comparer.
/// </summary>
public static class EslHeaders
{
    public static Dictionary<string, string> Create() => new(StringComparer.OrdinalIgnoreCase);

    public const string ContentType = "Content-Type";
    public const string ContentLength = "Content-Length";
    public const string ReplyText = "Reply-Text";
    public const string JobUuid = "Job-UUID";
    public const string EventName = "Event-Name";
    public const string EventSubclass = "Event-Subclass";
    public const string UniqueId = "Unique-ID";
    public const string EventDateTimestamp = "Event-Date-Timestamp";
    public const string ContentDisposition = "Content-Disposition";
    public const string VariablePrefix = "variable_";
}
