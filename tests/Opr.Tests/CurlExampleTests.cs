using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace CallCenter.Opr.Tests;

/// <summary>
/// Every curl example of the spec, verbatim: the bodies are read from docs/opr-curl-examples.sh (which runs them with curl
/// against the embedded system) and posted in the same order to a running system with the demo tenant, with a simulated
/// caller where an example needs one.
/// </summary>
public sealed partial class CurlExampleTests
{
    [GeneratedRegex("^(curl -l|extra) .*?'(\\{.*\\})'", RegexOptions.CultureInvariant)]
    private static partial Regex Step();

    /// <summary>Found from this source file, so it works whatever the build output directory is.</summary>
    private static string ThisFile([System.Runtime.CompilerServices.CallerFilePath] string path = "") => path;

    private static List<(bool Spec, string Body)> ReadScript()
    {
        var directory = new DirectoryInfo(Path.GetDirectoryName(ThisFile())!);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "CallCenter.sln"))) directory = directory.Parent;
        var script = Path.Combine(directory?.FullName ?? throw new InvalidOperationException("repository root not found"), "docs", "opr-curl-examples.sh");
        return File.ReadLines(script)
            .Select(line => Step().Match(line))
            .Where(m => m.Success)
            .Select(m => (m.Groups[1].Value == "curl -l", m.Groups[2].Value))
            .ToList();
    }

    [Fact]
    public async Task Every_curl_example_of_the_spec_is_answered_as_documented()
    {
        var steps = ReadScript();
        Assert.Equal(21, steps.Count(s => s.Spec));

        await using var h = await OprHarness.StartAsync();
        var replies = new List<JsonObject>();
        OprPushClient? seat2 = null;
        Task<JsonObject>? talk = null;
        var example = 0;
        foreach (var (spec, body) in steps)
        {
            if (!spec)
            {
                Assert.Equal("ok", (await h.PostAsync(body)).Str("status"));
                if (body.Contains("\"seatId\":\"2\"") && body.Contains("opr_login")) seat2 = await h.ConnectAsync("2");
                continue;
            }
            example++;
            switch (example)
            {
                case 6:
                    // Seat 6's phone registers and answers; a caller waits at the group phone.
                    Assert.True(h.Network.RegisterPhone("52300001", OprHarness.Domain, "1"));
                    h.Network.SetPhonePolicy("52300001", OprHarness.Domain, CallCenter.Telephony.Simulated.PhoneAnswerPolicy.Immediate());
                    h.Call("888", "52300112");
                    await h.SettleAsync();
                    break;
                case 10:
                    // A second caller on board 1 for the transfer example (the first was moved to board 2).
                    h.Call("889", "52300112");
                    await h.SettleAsync();
                    Assert.Equal("ok", (await h.PostAsync(new { msgType = "pickup_call", boardIndex = "1", seatId = "6" })).Str("status"));
                    await h.AdvanceAsync();
                    break;
                case 12:
                    // talk_to_opr is answered once seat 2's operator accepts.
                    talk = h.PostAsync(body);
                    await seat2!.NextPushAsync("talk_to_opr");
                    Assert.Equal("ok", (await h.PostAsync(new { msgType = "accept", operator1Id = "001", operator2Id = "002" })).Str("status"));
                    replies.Add(await talk);
                    continue;
            }
            replies.Add(await h.PostAsync(body));
        }

        string Status(int n) => replies[n - 1].Str("status");
        string Reason(int n) => replies[n - 1].Str("reason");
        JsonObject State(int n) => replies[n - 1].State();

        Assert.Equal("ok", Status(1));
        Assert.Equal("ok", Status(2));
        Assert.Equal("ok", Status(3));
        Assert.Equal("6", replies[2].Str("seatId"));
        Assert.Equal(14, State(3)["boards"]!.AsArray().Count);
        Assert.Equal("ok", Status(4));
        Assert.Equal("suspending", State(4).Str("oprstatus"));
        Assert.Equal("unhandled", Reason(5));
        Assert.Equal("888", replies[5].Str("status") == "ok" ? replies[5]["call"]!.Str("phoneNumber") : replies[5].ToJsonString());
        Assert.Equal("sidea", State(7).Status(1));
        Assert.Equal("2", State(8).Active());
        Assert.Equal("888", State(9).Phone(2, "a"));
        Assert.True(State(9).IsEmpty(1));
        Assert.Equal("ok", Status(10));
        Assert.Null(State(10).Party(1, "a"));
        await seat2!.ReceivedAsync("push_transfer_to_opr", p => p.Str("phone") == "889");
        Assert.Equal("unhandled", Reason(11));
        Assert.Equal("ok", Status(12));
        Assert.Equal("ok", Status(13));
        Assert.Equal("ok", Status(14));
        await seat2.ReceivedAsync("message_arrival", p => p.Str("msg") == "hello");
        Assert.Equal("missing_field:phoneNumber", Reason(15));
        Assert.Equal("unhandled", Reason(16));
        Assert.Equal("ok", Status(17));
        Assert.Equal("ok", Status(18));
        Assert.Equal("ok", Status(19));
        Assert.Equal("1", replies[18].Str("activeboardIndex"));
        Assert.Equal("ok", Status(20));
        Assert.Equal("ok", Status(21));
        Assert.Equal("8", State(21).Phone(1, "a"));
        Assert.Equal("calling", State(21).Talk(1, "a"));
    }
}
