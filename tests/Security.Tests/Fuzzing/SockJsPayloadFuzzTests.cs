using System.Text;
using System.Text.Json;
using CallCenter.Edge.SockJs;
using CallCenter.Security.Tests.Support;
using FsCheck;
using FsCheck.Fluent;

namespace CallCenter.Security.Tests.Fuzzing;

/// <summary>
/// Family (b): what SockJS clients send (xhr_send bodies, websocket messages) as a unit. The contract (docs/stomp.md,
/// SockJS): an array of strings (or, on the websocket, one string) yields its messages; anything else yields exactly
/// "Payload expected." or "Broken JSON encoding." — never an exception.
/// </summary>
public sealed class SockJsPayloadFuzzTests
{
    private static readonly byte[][] Valid =
    [
        "[\"CONNECT\\naccept-version:1.2\\n\\n\\u0000\"]"u8.ToArray(),
        "[\"a\",\"b\\\"c\",\"\\ud83d\\ude00\"]"u8.ToArray(),
        "\"SEND\\ndestination:/app/idle\\n\\n{}\\u0000\""u8.ToArray(),
        "  [ ]  "u8.ToArray(),
        "[\"\\n\"]"u8.ToArray(),
    ];

    private static Gen<(byte[] Bytes, bool Single)> Cases =>
        from bytes in Gen.Frequency(
            (1, Fuzz.Bytes),
            (4, Fuzz.Mutated(Valid)),
            (1, Gen.Choose(1, 12).Select(depth => Encoding.ASCII.GetBytes(new string('[', depth) + "\"x\"" + new string(']', depth)))),
            (1, Gen.Elements("[1]", "[null]", "{\"a\":\"b\"}", "[\"a\"", "[\"\\ud800\"]", "[\"\\x\"]", "[\"a\"] x", "true", "").Select(Encoding.UTF8.GetBytes)))
        from single in Gen.Elements(true, false)
        select (bytes, single);

    [Fact]
    public void Client_payloads_parse_to_messages_or_to_the_protocols_two_refusals()
    {
        var cases = Fuzz.Sample(Cases, seed: 0x50C5_0002);
        for (var i = 0; i < cases.Count; i++)
        {
            var (bytes, single) = cases[i];
            bool ok;
            List<string> messages;
            string? error;
            try
            {
                ok = SockJsClientPayload.TryParse(bytes, single, out messages, out error);
            }
            catch (Exception e)
            {
                throw new Xunit.Sdk.XunitException($"case {i} ({Fuzz.Printable(bytes)}) threw {e.GetType().Name}: {e.Message}");
            }
            if (ok)
            {
                Assert.Null(error);
                // What was accepted is what a strict JSON reader sees in it.
                using var document = JsonDocument.Parse(bytes);
                var expected = document.RootElement.ValueKind == JsonValueKind.String
                    ? [document.RootElement.GetString()!]
                    : document.RootElement.EnumerateArray().Select(e => e.GetString()!).ToList();
                Assert.Equal(expected, messages);
            }
            else
            {
                Assert.Contains(error, new[] { SockJsClientPayload.PayloadExpected, SockJsClientPayload.BrokenJson });
            }
        }
    }
}
