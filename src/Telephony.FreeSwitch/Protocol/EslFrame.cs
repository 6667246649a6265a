namespace CallCenter.Telephony.FreeSwitch;

/// <summary>
/// One message as framed on the event socket: a block of <c>Name: value</c> headers and, when the headers carry a
/// Content-Length, that many bytes of body. What the body means depends on <see cref="ContentType"/>.
/// </summary>
public sealed class EslFrame(IReadOnlyDictionary<string, string> headers, string? body)
{
    public IReadOnlyDictionary<string, string> Headers { get; } = headers;

    public string? Body { get; } = body;

    public string? ContentType => Header(EslHeaders.ContentType);

    public string? ReplyText => Header(EslHeaders.ReplyText);

    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

    /// <summary>The text a command was answered with: Reply-Text for command/reply, the body for api/response.</summary>
    public string ResultText => (ContentType == EslContentTypes.ApiResponse ? Body : ReplyText ?? Body)?.Trim() ?? "";

    /// <summary>FreeSWITCH answers failures with "-ERR ..." (or "-USAGE ..."); anything else is success.</summary>
    public bool IsError => ResultText.StartsWith("-ERR", StringComparison.Ordinal) || ResultText.StartsWith("-USAGE", StringComparison.Ordinal);

    public override string ToString() =>
        $"{ContentType ?? "(no content type)"} headers={Headers.Count} body={Body?.Length ?? 0}";
}
