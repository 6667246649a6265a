using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using CallCenter.Opr;

namespace CallCenter.Edge.Opr;

/// <summary>
/// One decoded <c>POST /api</c> body. Values are strings on the wire but clients also send numbers (and booleans), so
/// every accessor takes either; several names may be given where the spec spells a field two ways (the first is the
/// documented one, used in error reasons).
/// </summary>
public sealed class OprRequest(JsonObject body)
{
    public JsonObject Body { get; } = body;

    public string MsgType => Optional("msgType") ?? throw OprFieldException.Missing("msgType");

    public bool Has(string name) => Body.TryGetPropertyValue(name, out var node) && node is not null;

    /// <summary>The first of <paramref name="names"/> present with a non-empty value, as a string.</summary>
    public string? Optional(params string[] names)
    {
        foreach (var name in names)
        {
            if (!Body.TryGetPropertyValue(name, out var node) || node is null) continue;
            var text = Scalar(node, name);
            if (!string.IsNullOrEmpty(text)) return text;
        }
        return null;
    }

    public string Required(params string[] names) => Optional(names) ?? throw OprFieldException.Missing(names[0]);

    /// <summary>seatId, seatGroupNo, operatorId, targetSeat: they name grains, so a small alphabet only.</summary>
    public string RequiredId(params string[] names)
    {
        var value = Required(names);
        return OprIds.IsValidId(value) ? value : throw OprFieldException.Invalid(names[0]);
    }

    public string? OptionalId(params string[] names)
    {
        var value = Optional(names);
        return value is null || OprIds.IsValidId(value) ? value : throw OprFieldException.Invalid(names[0]);
    }

    public string RequiredPhone(params string[] names)
    {
        var value = Required(names);
        return OprIds.IsValidPhone(value) ? value : throw OprFieldException.Invalid(names[0]);
    }

    public string? OptionalPhone(params string[] names)
    {
        var value = Optional(names);
        return value is null || OprIds.IsValidPhone(value) ? value : throw OprFieldException.Invalid(names[0]);
    }

    public int RequiredInt(params string[] names)
        => int.TryParse(Required(names), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : throw OprFieldException.Invalid(names[0]);

    public int? OptionalInt(params string[] names)
    {
        var text = Optional(names);
        if (text is null) return null;
        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : throw OprFieldException.Invalid(names[0]);
    }

    /// <summary>A board index 1..14.</summary>
    public int RequiredBoard(params string[] names)
    {
        var value = RequiredInt(names);
        return OprKeys.IsValidBoard(value) ? value : throw OprFieldException.Invalid(names[0]);
    }

    /// <summary>true/false, 1/0, "true"/"false"; absent: <paramref name="fallback"/>.</summary>
    public bool OptionalBool(string name, bool fallback)
        => Optional(name)?.ToLowerInvariant() switch
        {
            null => fallback,
            "true" or "1" or "yes" => true,
            "false" or "0" or "no" => false,
            _ => throw OprFieldException.Invalid(name),
        };

    /// <summary>sidea / sideb (also a / b); absent: null.</summary>
    public BoardSide? OptionalSide(string name)
        => Optional(name)?.ToLowerInvariant() switch
        {
            null => null,
            "sidea" or "a" => BoardSide.A,
            "sideb" or "b" => BoardSide.B,
            _ => throw OprFieldException.Invalid(name),
        };

    /// <summary>An array of strings or numbers (addSipUser's phones and passwds).</summary>
    public IReadOnlyList<string> RequiredArray(string name)
    {
        if (!Body.TryGetPropertyValue(name, out var node) || node is null) throw OprFieldException.Missing(name);
        if (node is not JsonArray array || array.Count == 0) throw OprFieldException.Invalid(name);
        return array.Select(item => item is null ? throw OprFieldException.Invalid(name) : Scalar(item, name) ?? throw OprFieldException.Invalid(name)).ToList();
    }

    private static string? Scalar(JsonNode node, string name)
    {
        if (node is not JsonValue value) throw OprFieldException.Invalid(name);
        return value.GetValueKind() switch
        {
            JsonValueKind.String => value.GetValue<string>().Trim(),
            JsonValueKind.Number => value.ToJsonString(),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            _ => null,
        };
    }
}
