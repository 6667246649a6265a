using System.Text.Json;

namespace CallCenter.Telephony.FreeSwitch;

/// <summary>Reads <c>conference NAME json_list</c>: an array of conferences, each with its "members" (id, uuid, flags,
/// seconds since joining).</summary>
internal static class ConferenceListParser
{
    public static IReadOnlyList<ConferenceMember> Parse(string json, string conference, DateTimeOffset now)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException ex)
        {
            throw new FormatException($"conference json_list output is not JSON: {EslHeaderBlock.Preview(json)}", ex);
        }
        using (document)
        {
            var conferences = document.RootElement.ValueKind switch
            {
                JsonValueKind.Array => document.RootElement.EnumerateArray().ToArray(),
                JsonValueKind.Object => [document.RootElement],
                _ => [],
            };
            var members = new List<ConferenceMember>();
            foreach (var room in conferences)
            {
                if (room.TryGetProperty("conference_name", out var name) && name.GetString() is { } roomName && roomName != conference) continue;
                if (!room.TryGetProperty("members", out var list) || list.ValueKind != JsonValueKind.Array) continue;
                foreach (var member in list.EnumerateArray())
                {
                    if (member.TryGetProperty("type", out var type) && type.GetString() is { } kind && kind != "caller") continue;
                    var uuid = Text(member, "uuid");
                    if (string.IsNullOrEmpty(uuid)) continue;
                    var flags = member.TryGetProperty("flags", out var f) && f.ValueKind == JsonValueKind.Object ? f : default;
                    var canSpeak = Flag(flags, "can_speak") ?? true;
                    var moderator = Flag(flags, "is_moderator") ?? false;
                    var joinedSecondsAgo = Number(member, "join_time") ?? 0;
                    members.Add(new ConferenceMember(uuid, Text(member, "id"), !canSpeak, moderator, now - TimeSpan.FromSeconds(joinedSecondsAgo)));
                }
            }
            return members;
        }
    }

    private static string Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value)
            ? value.ValueKind == JsonValueKind.String ? value.GetString() ?? "" : value.GetRawText()
            : "";

    private static bool? Flag(JsonElement flags, string name) =>
        flags.ValueKind == JsonValueKind.Object && flags.TryGetProperty(name, out var value)
            ? value.ValueKind switch
            {
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                JsonValueKind.String => value.GetString() == "true",
                _ => null,
            }
            : null;

    private static double? Number(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value)
            ? value.ValueKind == JsonValueKind.Number ? value.GetDouble()
              : double.TryParse(value.GetString(), System.Globalization.CultureInfo.InvariantCulture, out var parsed) ? parsed : null
            : null;
}
