using System.Net;
using System.Text;
using System.Text.Json;
using CallCenter.Security.Tests.Support;
using FsCheck;
using FsCheck.Fluent;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace CallCenter.Security.Tests.Fuzzing;

/// <summary>
/// Family (e): the management API over real HTTP with valid signatures, every endpoint of /callcenter and /freeswitch
/// (read from the route table). Broken JSON, JSON that is not an object, objects and forms whose every field has a
/// wrong type or a hostile value, unsupported content types, oversize bodies. Invariants (docs/management-api.md): HTTP
/// 200 with the <c>{"reqResult":{"code","msg"},"data"}</c> envelope, a validation code (-1000xx) for bodies that cannot
/// be read, never -9997 and never a 5xx; tenant A's state unchanged; a good request still succeeds afterwards.
/// </summary>
[Collection(SecuritySystemCollection.Name)]
public sealed class ManagementHttpFuzzTests(SecuritySystem system)
{
    /// <summary>Every parameter name the endpoints read.</summary>
    private static readonly string[] Names =
    [
        "projectCode", "seats", "certificate", "type", "username", "workStatus", "content", "callTaskCode", "scheduleType", "callType", "callGWs",
        "callListId", "expiredTime", "rate", "count", "callListLastId", "numbers", "csv", "gwCode", "gwName", "registerType", "realm", "status",
        "returnVisit", "billType", "billsec", "price", "expectCount", "originationCallId", "pageSize", "pageNum", "startTime", "endTime", "result",
        "ipWhitelist", "extStatusUrl", "taskStatusUrl", "rotateKey", "voiceCode", "callId", "phone",
    ];

    private enum Expect { Refused, Enveloped }

    private sealed record Body(string Kind, byte[] Bytes, string ContentType, Expect Expect);

    private static readonly byte[][] ValidJson = [.. new[] { "{\"projectCode\":\"p1\",\"seats\":\"2\"}", "{\"pageSize\":10,\"pageNum\":1}", "{\"numbers\":\"13800000000\"}" }.Select(Encoding.UTF8.GetBytes)];

    private static Gen<Body> Bodies => Gen.Frequency(
        // Anything followed by an unterminated string is never a JSON object (at most a string): always refused.
        (3, Fuzz.Mutated(ValidJson).Select(b => new Body("broken-json", [.. b, .. "{\""u8], "application/json", Expect.Refused))),
        (1, Fuzz.Bytes.Select(b => new Body("bytes-json", [.. b, .. "{\""u8], "application/json", Expect.Refused))),
        (1, Gen.Elements("[]", "[{\"projectCode\":\"p1\"}]", "42", "\"x\"", "null", "true").Select(s => new Body("not-an-object", Encoding.UTF8.GetBytes(s), "application/json", Expect.Refused))),
        (3, Gen.ArrayOf(Gen.OneOf(Gen.Constant("{\"a\":[1]}"), Gen.Constant("[[]]"), Fuzz.HostileString.Select(s => JsonSerializer.Serialize(s + "\u0001"))), Names.Length)
            .Select(values => new Body("wrong-typed-json", Encoding.UTF8.GetBytes("{" + string.Join(",", Names.Select((n, i) => $"\"{n}\":{values[i]}")) + "}"), "application/json", Expect.Enveloped))),
        (3, Gen.ArrayOf(Fuzz.HostileString, Names.Length)
            .Select(values => new Body("hostile-form", Encoding.UTF8.GetBytes(string.Join("&", Names.Select((n, i) => $"{n}={Uri.EscapeDataString(values[i] + "\u0001")}"))), "application/x-www-form-urlencoded", Expect.Enveloped))),
        (1, Gen.Elements("text/plain", "application/xml", "image/png", "application/octet-stream").Select(t => new Body("content-type", "projectCode=p1"u8.ToArray(), t, Expect.Refused))),
        // Form syntax the parser tolerates, then every name with a control character (so that no endpoint acts on it).
        (1, Gen.Elements("%zz=1&&&=", "a=%", "=", "&&&&", "a=\u0000").Select(s => new Body("broken-form",
            Encoding.UTF8.GetBytes(s + string.Concat(Names.Select(n => $"&{n}=%01"))), "application/x-www-form-urlencoded", Expect.Enveloped))));

    private static readonly Gen<Body> Oversize = Gen.Constant(new Body("oversize", Encoding.UTF8.GetBytes("{\"content\":\"" + new string('x', 1024 * 1024 + 16) + "\"}"), "application/json", Expect.Refused));

    [Fact]
    public async Task Malformed_bodies_get_the_envelope_and_a_validation_code_and_change_nothing()
    {
        var endpoints = Endpoints(system.Silo.Services);
        Assert.True(endpoints.Count >= 30, $"only {endpoints.Count} management endpoints found");
        var gen = from endpoint in Gen.Elements(endpoints.ToArray())
                  from body in Gen.Frequency((200, Bodies), (1, Oversize))
                  select (endpoint, body);
        // No KnownIssue filter: invalid UTF-8 in JSON bodies is refused with -100005 on this branch (JsonDocument
        // validates it), unlike the -9997 issue 15 saw on the original commit.
        var cases = Fuzz.Sample(gen, seed: 0x3A4A_0005);
        var before = await system.SnapshotAAsync();

        var replies = await Batch.RunAsync(cases, c =>
        {
            var content = new ByteArrayContent(c.body.Bytes);
            content.Headers.TryAddWithoutValidation("Content-Type", c.body.ContentType);
            return system.ManagementA.SendAsync(c.endpoint.Method, c.endpoint.Path, content);
        });

        var problems = new List<string>();
        for (var i = 0; i < cases.Count; i++)
        {
            var ((method, path), body) = cases[i];
            var problem = Check(body, replies[i]);
            if (problem is not null) problems.Add($"#{i} {method} {path} {body.Kind} {OprHttpFuzzTests.Preview(body.Bytes)} → {replies[i]}: {problem}");
        }
        Assert.True(problems.Count == 0, $"{problems.Count} of {cases.Count} broke the contract:\n" + string.Join("\n", problems.Take(20)));
        Assert.Equal(before, await system.SnapshotAAsync());
        Assert.Equal(1, (await system.ManagementA.SendAsync("GET", "/freeswitch/gateway/api/getList/v1", null)).Code);
    }

    /// <summary>The management endpoints as routed, one (method, path) each.</summary>
    internal static List<(string Method, string Path)> Endpoints(IServiceProvider services)
        => services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText is { } raw && (raw.StartsWith("/callcenter/", StringComparison.Ordinal) || raw.StartsWith("/freeswitch/", StringComparison.Ordinal))
                && !raw.StartsWith("/callcenter/ws", StringComparison.Ordinal) && !raw.Contains('{'))
            .Where(e => e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>() is not null)
            .Select(e => (e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()!.HttpMethods.Contains("POST") ? "POST" : "GET", e.RoutePattern.RawText!))
            .Distinct().OrderBy(e => e.Item2, StringComparer.Ordinal).ToList();

    private static string? Check(Body body, RawResponse reply)
    {
        if ((int)reply.Status >= 500) return "a 5xx";
        int code;
        try { code = reply.Code; _ = reply.Json.GetProperty("reqResult").GetProperty("msg").GetString(); }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException) { return "not the envelope"; }
        if (code == -9997) return "-9997 (an exception inside)";
        if (reply.Status != HttpStatusCode.OK && !(reply.Status == HttpStatusCode.RequestEntityTooLarge && code == -100011)) return "expected HTTP 200";
        if (body.Expect == Expect.Refused && code is > -100001 or < -100011) return "expected a validation code";
        return null;
    }
}
