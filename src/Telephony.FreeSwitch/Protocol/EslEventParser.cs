using System.Text;
using System.Text.Json;
using System.Xml;
using System.Xml.Linq;

namespace CallCenter.Telephony.FreeSwitch;

/// <summary>Turns the body of a <c>text/event-plain</c>, <c>text/event-json</c> or <c>text/event-xml</c> message into an
/// <see cref="EslEvent"/>. Malformed bodies throw <see cref="EslProtocolException"/>.</summary>
public static class EslEventParser
{
    public static EslEvent FromFrame(EslFrame frame)
    {
        var body = frame.Body ?? throw new EslProtocolException($"{frame.ContentType} message without a body");
        return frame.ContentType switch
        {
            EslContentTypes.EventPlain => ParsePlain(body),
            EslContentTypes.EventJson => ParseJson(body),
            EslContentTypes.EventXml => ParseXml(body),
            _ => throw new EslProtocolException($"'{frame.ContentType}' is not an event content type"),
        };
    }

    /// <summary>Plain events are a percent-encoded header block; if it has a Content-Length, the event's own body
    /// follows the blank line.</summary>
    public static EslEvent ParsePlain(string text)
    {
        var split = text.IndexOf("\n\n", StringComparison.Ordinal);
        var headerText = split < 0 ? text.AsSpan() : text.AsSpan(0, split);
        var headers = EslHeaderBlock.Parse(headerText, urlDecodeValues: true);
        string? body = null;
        if (split >= 0 && headers.TryGetValue(EslHeaders.ContentLength, out var lengthText))
        {
            if (!int.TryParse(lengthText, out var length) || length < 0)
            {
                throw new EslProtocolException($"invalid event Content-Length '{EslHeaderBlock.Preview(lengthText)}'");
            }
            var rest = Encoding.UTF8.GetBytes(text[(split + 2)..]);
            if (rest.Length < length)
            {
                throw new EslProtocolException($"event body shorter than its Content-Length ({rest.Length} < {length})");
            }
            body = Encoding.UTF8.GetString(rest, 0, length);
        }
        RequireName(headers);
        return new EslEvent(headers, body);
    }

    /// <summary>JSON events are one flat object of strings; the body travels as "_body". A header that FreeSWITCH holds
    /// as an array arrives as a JSON array and is kept in FreeSWITCH's own <c>ARRAY::a|:b</c> notation.</summary>
    public static EslEvent ParseJson(string text)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text);
        }
        catch (JsonException ex)
        {
            throw new EslProtocolException($"invalid event JSON: {ex.Message}", ex);
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new EslProtocolException($"event JSON is a {document.RootElement.ValueKind}, not an object");
            }
            var headers = EslHeaders.Create();
            string? body = null;
            foreach (var property in document.RootElement.EnumerateObject())
            {
                var value = property.Value.ValueKind switch
                {
                    JsonValueKind.String => property.Value.GetString(),
                    JsonValueKind.Null => null,
                    JsonValueKind.Array => "ARRAY::" + string.Join("|:", property.Value.EnumerateArray().Select(Text)),
                    _ => property.Value.GetRawText(),
                };
                if (value is null) continue;
                if (property.Name == "_body") body = value;
                else headers[property.Name] = value;
            }
            RequireName(headers);
            return new EslEvent(headers, body);
        }

        static string Text(JsonElement element) =>
            element.ValueKind == JsonValueKind.String ? element.GetString() ?? "" : element.GetRawText();
    }

    /// <summary>XML events: <c>&lt;event&gt;&lt;headers&gt;&lt;Name&gt;value&lt;/Name&gt;…&lt;/headers&gt;&lt;body&gt;…&lt;/body&gt;&lt;/event&gt;</c>.
    /// DTDs are refused so an event cannot make the parser fetch or expand anything.</summary>
    public static EslEvent ParseXml(string text)
    {
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null };
        XDocument document;
        try
        {
            using var reader = XmlReader.Create(new StringReader(text), settings);
            document = XDocument.Load(reader);
        }
        catch (XmlException ex)
        {
            throw new EslProtocolException($"invalid event XML: {ex.Message}", ex);
        }
        var root = document.Root;
        if (root is null || root.Name.LocalName != "event")
        {
            throw new EslProtocolException($"event XML root is <{root?.Name.LocalName}>, not <event>");
        }
        var headers = EslHeaders.Create();
        foreach (var header in root.Elements("headers").Elements())
        {
            headers[header.Name.LocalName] = header.Value;
        }
        var body = root.Element("body")?.Value;
        RequireName(headers);
        return new EslEvent(headers, body);
    }

    private static void RequireName(Dictionary<string, string> headers)
    {
        if (!headers.TryGetValue(EslHeaders.EventName, out var name) || string.IsNullOrWhiteSpace(name))
        {
            throw new EslProtocolException("event without an Event-Name header");
        }
    }
}
