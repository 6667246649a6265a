using System.Text.Json;
using CallCenter.Management.Agents;
using CallCenter.Management.Tests.Support;
using CallCenter.Telephony;
using Microsoft.Extensions.DependencyInjection;

namespace CallCenter.Management.Tests;

/// <summary>
/// The management websocket end to end with the clients the original's users run (@stomp/stompjs over sockjs-client,
/// from tests/wire): an agent subscribes, goes idle, calls from /app/call on the simulated network and follows the call
/// on its topics; the call log then shows result codes, billing and a stored recording.
/// </summary>
public sealed class StompWireTests(ManagementSilo system) : IClassFixture<ManagementSilo>
{
    public static TheoryData<string> Transports => new() { "websocket", "xhr-streaming" };

    private static void RequireNode()
    {
        if (!NodeStompClient.Available) throw new InvalidOperationException("the wire tests need node and the npm packages: run `npm ci` in tests/wire");
    }

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task Agent_goes_idle_calls_and_receives_call_invite_status_bye_in_order(string transport)
    {
        RequireNode();
        await system.GatewayAsync();
        var project = system.Unique("wire");
        var certificate = await system.CreateProjectAsync(project, 1);
        var (agent, password) = await system.ClaimAsync(certificate);
        system.Network.SetPhonePolicy(agent, ManagementSilo.DemoDomain, Telephony.Simulated.PhoneAnswerPolicy.Manual());

        // The agent logs in with the credentials getByCertificate handed out.
        await using var client = NodeStompClient.Start(system.Silo.BaseAddress, transport, new() { ["login"] = $"{agent}@{ManagementSilo.DemoDomain}", ["passcode"] = password });
        await client.ConnectedAsync();
        string[] topics = ["register", "call", "invite", "status", "bye"];
        await client.SubscribeAsync([.. topics.Select(t => $"/topic/{t}/{agent}"), $"/topic/notify/{project}/{agent}", $"/topic/callExtStatus/{project}"]);

        // Registration is pushed on /topic/register, without the SIP password the original leaked there.
        Assert.True(system.Network.RegisterPhone(agent, ManagementSilo.DemoDomain, password));
        await system.SettleAsync();
        var registered = await client.WaitForMessageAsync($"/topic/register/{agent}");
        Assert.Equal(1, registered.GetProperty("status").GetInt32());
        Assert.Equal(agent, registered.GetProperty("username").GetString());
        Assert.False(registered.TryGetProperty("password", out _));
        Assert.DoesNotContain(password, registered.GetRawText());

        await client.SendAsync("/app/idle", new { username = agent, projectCode = project, workType = "10" });
        var notice = await client.WaitForMessageAsync($"/topic/notify/{project}/{agent}");
        Assert.Equal("置闲成功", notice.GetProperty("data").GetString());
        Assert.Equal("success", notice.GetProperty("msgType").GetString());
        Assert.Equal("message", notice.GetProperty("type").GetString());
        Assert.Equal("5000", notice.GetProperty("duration").GetString());
        var idle = await client.WaitForMessageAsync($"/topic/status/{agent}", s => s.GetProperty("workStatus").GetInt32() == 1);
        Assert.Equal(0, idle.GetProperty("sessionStatus").GetInt32());
        var board = await client.WaitForMessageAsync($"/topic/callExtStatus/{project}", s => s.GetProperty("workStatus").GetInt32() == 1);
        Assert.Equal(agent, board.GetProperty("username").GetString());

        const string telNo = "13800138000";
        await client.SendAsync("/app/call", new { username = agent, projectCode = project, telNo });
        var call = await client.WaitForMessageAsync($"/topic/call/{agent}");
        Assert.Equal(telNo, call.GetProperty("telNo").GetString());
        var callId = call.GetProperty("callId").GetString()!;
        Assert.True(Guid.TryParse(callId, out _));
        Assert.False(call.TryGetProperty("callTaskCode", out _));

        // The agent's phone rings; they answer; the customer is called and answers.
        await system.SettleAsync();
        await system.AnswerAsync(agent);
        var customer = system.Network.ListLegs().Single(l => l.CallId == callId && l.FarEnd == "pstn");
        await system.AnswerAsync(customer.LegId);
        var invite = await client.WaitForMessageAsync($"/topic/invite/{agent}");
        Assert.Equal(callId, invite.GetProperty("callId").GetString());
        Assert.Equal(telNo, invite.GetProperty("telNo").GetString());
        var talking = await client.WaitForMessageAsync($"/topic/status/{agent}", s => s.GetProperty("sessionStatus").GetInt32() == 10);
        Assert.Equal(callId, talking.GetProperty("destinationUUID").GetString());
        Assert.Equal(telNo, talking.GetProperty("destinationNumber").GetString());
        Assert.Equal(10, talking.GetProperty("sessionSatus").GetInt32());

        await system.AdvanceAsync(TimeSpan.FromSeconds(12));
        Assert.True(system.Network.HangupFarEnd(customer.LegId));
        await system.SettleAsync();
        var bye = await client.WaitForMessageAsync($"/topic/bye/{agent}");
        Assert.Equal(callId, bye.GetProperty("callId").GetString());
        var free = await client.WaitForMessageAsync($"/topic/status/{agent}", s => s.GetProperty("sessionStatus").GetInt32() == 0 && s.GetProperty("workStatus").GetInt32() == 1);
        Assert.False(free.TryGetProperty("destinationUUID", out _));

        // In order: call, invite, status (talking), bye.
        int Position(string topic, Func<JsonElement, bool>? match = null)
            => client.Messages.FindIndex(m => m.Destination == $"/topic/{topic}/{agent}" && (match?.Invoke(m.Body) ?? true));
        var order = new[] { Position("call"), Position("invite"), Position("status", s => s.GetProperty("sessionStatus").GetInt32() == 10), Position("bye") };
        Assert.Equal(order.Order().ToArray(), order);
        Assert.DoesNotContain(-1, order);

        var log = await system.CallLogAsync(callId);
        Assert.Equal("10", log.GetProperty("result").GetString());
        Assert.Equal("55", log.GetProperty("resultDetail").GetString());
        Assert.Equal(12, log.GetProperty("billsec").GetInt32());
        Assert.Equal("6|10.0", log.GetProperty("priceRule").GetString());
        Assert.Equal(20m, log.GetProperty("priceCal").GetDecimal());
        Assert.False(string.IsNullOrEmpty(log.GetProperty("gwCode").GetString()));
        var recording = log.GetProperty("recordBlobKey").GetString()!;
        Assert.NotNull(await system.Silo.Services.GetRequiredService<IBlobStore>().GetInfoAsync(recording));
    }

    [Fact]
    public async Task Back_office_and_anonymous_sessions_see_the_projects_pushes_and_sendToUser()
    {
        RequireNode();
        var project = system.Unique("board");
        var agents = await system.AgentsAsync(project, 1);
        var ts = system.Api.Timestamp();

        await using var office = NodeStompClient.Start(system.Silo.BaseAddress, "websocket",
            new() { ["login"] = ManagementSilo.DemoAccount, ["passcode"] = SignedApi.Sign(ManagementSilo.DemoAccount, ts, ManagementSilo.DemoSecret), ["timestamp"] = ts.ToString() });
        await office.ConnectedAsync();
        await office.SubscribeAsync($"/topic/callExtStatus/{project}");
        // The demo tenant keeps the original's anonymous websocket.
        await using var anonymous = NodeStompClient.Start(system.Silo.BaseAddress, "xhr-streaming");
        await anonymous.ConnectedAsync();
        await anonymous.SubscribeAsync($"/topic/notify/{agents[0]}", $"/topic/notify/{project}/{agents[0]}");

        var set = await system.Api.PostAsync("/callcenter/callProject/api/setWorkStatus/v1", ("username", agents[0]), ("workStatus", "1"));
        Assert.Equal(1, set.Code);
        var pushed = await office.WaitForMessageAsync($"/topic/callExtStatus/{project}", s => s.GetProperty("workStatus").GetInt32() == 1);
        Assert.Equal(1, pushed.GetProperty("status").GetInt32());
        Assert.True(pushed.TryGetProperty("projectId", out _));

        var content = "{\"duration\":\"3\",\"msgType\":\"success\",\"data\":\"请准备开会\",\"type\":\"message\"}";
        Assert.Equal(1, (await system.Api.PostAsync("/callcenter/callProject/api/sendToUser/v1", ("projectCode", project), ("username", agents[0]), ("content", content))).Code);
        var message = await anonymous.WaitForMessageAsync($"/topic/notify/{project}/{agents[0]}");
        Assert.Equal("请准备开会", message.GetProperty("data").GetString());
        Assert.Equal("3", message.GetProperty("duration").GetString());
        await anonymous.WaitForMessageAsync($"/topic/notify/{agents[0]}");

        // Plain text is wrapped in the notify shape.
        await system.Api.PostAsync("/callcenter/callProject/api/sendToUser/v1", ("projectCode", project), ("content", "hello all"));
        var wrapped = await anonymous.WaitForMessageAsync($"/topic/notify/{project}/{agents[0]}", m => m.GetProperty("data").GetString() == "hello all");
        Assert.Equal("info", wrapped.GetProperty("msgType").GetString());
    }
}
