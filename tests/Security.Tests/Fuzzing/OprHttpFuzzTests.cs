using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CallCenter.Security.Tests.Support;
using FsCheck;
using FsCheck.Fluent;

namespace CallCenter.Security.Tests.Fuzzing;

/// <summary>
/// Family (d): the operator console's <c>POST /api</c> over real HTTP. Malformed JSON, non-objects, bad data_enc, unknown
/// msgTypes, every msgType with a required field missing or of the wrong type, oversize bodies. Invariants
/// (docs/opr-console.md): HTTP 200 (413 for an oversize body) with <c>{"status":"failed","reason":…}</c> — or, for a
/// damaged read-only request that still parses, any documented answer; never a 5xx; tenant A's state unchanged; and a
/// good request still succeeds afterwards.
/// </summary>
[Collection(SecuritySystemCollection.Name)]
public sealed class OprHttpFuzzTests(SecuritySystem system)
{
    /// <summary>Fields a request may carry, with values naming nothing that exists (seat 99, operator zz9) so that a
    /// request that turns out valid still changes nothing.</summary>
    private static readonly Dictionary<string, JsonNode> Fields = new()
    {
        ["seatId"] = "99", ["seat1Id"] = "99", ["seat2Id"] = "98", ["operatorId"] = "zz9", ["operator1Id"] = "zz9", ["operator2Id"] = "zz8",
        ["boardIndex"] = "1", ["curBoardIndex"] = "1", ["nextBoardIndex"] = "2", ["phone"] = "13800000000", ["phoneNumber"] = "13800000000",
        ["targetSeat"] = "98", ["msg"] = "hi", ["target"] = "97", ["number"] = "5", ["userId"] = "u1", ["isCall"] = "false",
        ["seatGroupNo"] = "79", ["groupPhone"] = "8079", ["seatPhone"] = "8099", ["pwd"] = "pw", ["phones"] = new JsonArray("8098"), ["passwds"] = new JsonArray("pw"),
    };

    /// <summary>The msgTypes that create configuration: their defect must hit a field they require, or a valid request
    /// would create a group or seat.</summary>
    private static readonly Dictionary<string, string[]> Creating = new()
    {
        ["seatgroup_config"] = ["seatGroupNo", "groupPhone"],
        ["seat_register"] = ["seatId", "pwd"],
        ["addSipUser"] = ["phones", "passwds"],
    };

    private static readonly string[] MsgTypes = [.. CallCenter.Edge.Opr.OprApiEndpoint.MsgTypes.Order(StringComparer.Ordinal)];

    private static readonly byte[][] ReadOnly =
    [
        Encoding.UTF8.GetBytes($$"""{"msgType":"getSeatState","seatId":"{{SecuritySystem.ASeat}}","operatorId":"x"}"""),
        Encoding.UTF8.GetBytes("""{"msgType":"queryhistorymsg","operatorId":"zz9","number":"3"}"""),
        Encoding.UTF8.GetBytes("""{"msgType":"handShake","seatId":"99","boardIndex":"1"}"""),
    ];

    private enum Expect { Failed, Documented, TooLarge }

    private sealed record Case(string Kind, byte[] Body, Expect Expect);

    private static Gen<JsonNode?> WrongValue => Gen.OneOf(
        Gen.Constant<JsonNode?>(new JsonObject { ["a"] = 1 }),
        Gen.Constant<JsonNode?>(new JsonArray(1, 2)),
        Gen.Constant<JsonNode?>(new JsonArray(new JsonObject())),
        Fuzz.HostileString.Where(s => s.Length > 0 && !s.All(char.IsAsciiDigit)).Select(s => (JsonNode?)JsonValue.Create("\u0001" + s + "/ \u0000")));

    private static Gen<Case> Defective =>
        from msgType in Gen.Elements(MsgTypes)
        from remove in Gen.Elements(true, false)
        from pick in Gen.Choose(0, 1000)
        from value in WrongValue
        select Build(msgType, remove, pick, value);

    private static Case Build(string msgType, bool remove, int pick, JsonNode? value)
    {
        var body = new JsonObject { ["msgType"] = msgType };
        foreach (var (name, node) in Fields) body[name] = node.DeepClone();
        var targets = Creating.TryGetValue(msgType, out var required) ? required : Fields.Keys.ToArray();
        var field = targets[pick % targets.Length];
        if (remove && Creating.ContainsKey(msgType)) body.Remove(field);
        else body[field] = value;
        return new Case("defective:" + msgType, Encoding.UTF8.GetBytes(body.ToJsonString()), Creating.ContainsKey(msgType) ? Expect.Failed : Expect.Documented);
    }

    private static Gen<Case> Cases => Gen.Frequency(
        (2, Fuzz.Bytes.Select(b => new Case("bytes", b, Expect.Documented))),
        (3, Fuzz.Mutated(ReadOnly).Select(b => new Case("mutated", b, Expect.Documented))),
        (1, Gen.Elements("[]", "[{\"msgType\":\"getSeatState\"}]", "42", "\"getSeatState\"", "null", "true", "{", "{\"msgType\":", "", " ")
            .Select(s => new Case("not-an-object", Encoding.UTF8.GetBytes(s), Expect.Failed))),
        (1, Fuzz.HostileString.Where(s => !MsgTypes.Contains(s)).Select(s => new Case("unknown-msgType", Encoding.UTF8.GetBytes(new JsonObject { ["msgType"] = s, ["seatId"] = "99" }.ToJsonString()), Expect.Failed))),
        (1, Gen.Elements("!!!!!!!!", "abcdefg", "abcdefg%%%", "abcdefg" + Convert.ToBase64String("[1]"u8), "abcdefg" + Convert.ToBase64String("{\"msgType\":"u8), "abcdefg" + Convert.ToBase64String([0xff, 0xfe]))
            .Select(s => new Case("data_enc", Encoding.UTF8.GetBytes(new JsonObject { ["data_enc"] = s }.ToJsonString()), Expect.Failed))),
        (6, Defective),
        (1, Gen.Choose(64 * 1024 + 1, 100 * 1024).Select(n => new Case("oversize", Encoding.UTF8.GetBytes("{\"msgType\":\"message\",\"msg\":\"" + new string('x', n) + "\"}"), Expect.TooLarge))));

    [Fact]
    public async Task Malformed_requests_get_the_documented_refusal_and_change_nothing()
    {
        var all = Fuzz.Sample(Cases, seed: 0x0970_0004, count: 1100);
        // KnownIssue filters: none needed here, the console already refuses duplicate keys and invalid UTF-8 as
        // invalid_json (OprRequestReader); kept explicit so the count below is honest.
        var cases = all.Take(Fuzz.Count).ToList();
        var before = await system.SnapshotAAsync();

        var replies = await Batch.RunAsync(cases, c => system.OprAsync(c.Body));

        var problems = new List<string>();
        for (var i = 0; i < cases.Count; i++)
        {
            var (c, reply) = (cases[i], replies[i]);
            var problem = Check(c, reply);
            if (problem is not null) problems.Add($"#{i} {c.Kind} {Preview(c.Body)} → {reply}: {problem}");
        }
        Assert.True(problems.Count == 0, $"{problems.Count} of {cases.Count} broke the contract:\n" + string.Join("\n", problems.Take(20)));
        Assert.Equal(before, await system.SnapshotAAsync());
        await system.OprOkAsync($$"""{"msgType":"getSeatState","seatId":"{{SecuritySystem.ASeat}}"}""");
    }

    private static string? Check(Case c, RawResponse reply)
    {
        if ((int)reply.Status >= 500) return "a 5xx";
        JsonObject? body;
        try { body = JsonNode.Parse(reply.Body) as JsonObject; } catch (JsonException) { return "not JSON"; }
        if (body?["status"] is not JsonValue status || status.GetValueKind() != JsonValueKind.String) return "no status";
        var failed = status.GetValue<string>() == "failed";
        if (failed && body["reason"] is not JsonValue { } reason) return "failed without a reason";
        if (failed && body["reason"]!.GetValue<string>() == "service_not_available") return "service_not_available (an exception inside)";
        return c.Expect switch
        {
            Expect.TooLarge => reply.Status == HttpStatusCode.RequestEntityTooLarge && failed ? null : "expected 413 body_too_large",
            Expect.Failed => reply.Status == HttpStatusCode.OK && failed ? null : "expected status failed",
            _ => reply.Status == HttpStatusCode.OK ? null : "expected HTTP 200",
        };
    }

    internal static string Preview(byte[] body)
    {
        var text = Encoding.UTF8.GetString(body);
        return text.Length > 160 ? text[..160] + "…" : text;
    }
}
