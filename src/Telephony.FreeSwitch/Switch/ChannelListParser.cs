using System.Globalization;
using System.Text.Json;

namespace CallCenter.Telephony.FreeSwitch;

/// <summary>Reads the output of <c>show channels as json</c> and <c>uuid_dump UUID json</c>.</summary>
internal static class ChannelListParser
{
    /// <summary>One row of <c>show channels as json</c>: the columns the driver uses.</summary>
    public sealed record ChannelRow(string Uuid, string Direction, string CallerIdNumber, string Destination, string CallState, DateTimeOffset? Created);

    /// <summary><c>{"row_count":N,"rows":[{...}]}</c>; with no channels FreeSWITCH prints just <c>{"row_count":0}</c>.</summary>
    public static IReadOnlyList<ChannelRow> ParseChannels(string json)
    {
        using var document = Parse(json, "show channels");
        if (document.RootElement.ValueKind != JsonValueKind.Object) throw new FormatException("show channels did not return a JSON object");
        if (!document.RootElement.TryGetProperty("rows", out var rows) || rows.ValueKind != JsonValueKind.Array) return [];
        var channels = new List<ChannelRow>();
        foreach (var row in rows.EnumerateArray())
        {
            var uuid = Text(row, "uuid");
            if (string.IsNullOrEmpty(uuid)) continue;
            DateTimeOffset? created = long.TryParse(Text(row, "created_epoch"), NumberStyles.None, CultureInfo.InvariantCulture, out var epoch)
                ? DateTimeOffset.FromUnixTimeSeconds(epoch)
                : null;
            channels.Add(new ChannelRow(uuid, Text(row, "direction"), Text(row, "cid_num"), Text(row, "dest"), Text(row, "callstate"), created));
        }
        return channels;
    }

    /// <summary>Combines a channel row with the channel's <c>uuid_dump</c> (its variables and times).</summary>
    public static LiveLeg ToLiveLeg(ChannelRow row, EslEvent? dump)
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        if (dump is not null)
        {
            foreach (var (name, value) in dump.Variables)
            {
                if (name.StartsWith("cc_", StringComparison.Ordinal)) variables[name] = value;
            }
        }
        var state = (dump?.Header("Channel-Call-State") ?? row.CallState) switch
        {
            "EARLY" => LegState.EarlyMedia,
            "ACTIVE" => LegState.Answered,
            "HELD" => LegState.Held,
            "HANGUP" => LegState.Hungup,
            _ => LegState.Ringing,
        };
        var bridged = dump?.Variable("bridge_uuid") ?? dump?.Variable("signal_bond");
        return new LiveLeg(
            row.Uuid,
            dump?.Variable(ChannelVariables.Call),
            string.Equals(row.Direction, "inbound", StringComparison.OrdinalIgnoreCase) ? LegDirection.Inbound : LegDirection.Outbound,
            row.CallerIdNumber,
            row.Destination,
            state,
            string.IsNullOrEmpty(bridged) ? null : bridged,
            EslEvent.MicrosecondsToTime(dump?.Header("Caller-Channel-Created-Time")) ?? row.Created ?? DateTimeOffset.UnixEpoch,
            EslEvent.MicrosecondsToTime(dump?.Header("Caller-Channel-Answered-Time")),
            variables);
    }

    /// <summary><c>uuid_dump UUID json</c> prints the channel's event headers as one JSON object.</summary>
    public static EslEvent ParseDump(string json)
    {
        using var document = Parse(json, "uuid_dump");
        if (document.RootElement.ValueKind != JsonValueKind.Object) throw new FormatException("uuid_dump did not return a JSON object");
        var headers = EslHeaders.Create();
        foreach (var property in document.RootElement.EnumerateObject())
        {
            headers[property.Name] = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString() ?? "" : property.Value.GetRawText();
        }
        return new EslEvent(headers);
    }

    private static JsonDocument Parse(string json, string what)
    {
        try
        {
            return JsonDocument.Parse(json);
        }
        catch (JsonException ex)
        {
            throw new FormatException($"{what} output is not JSON: {EslHeaderBlock.Preview(json)}", ex);
        }
    }

    private static string Text(JsonElement row, string name) =>
        row.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() ?? "" : "";
}
