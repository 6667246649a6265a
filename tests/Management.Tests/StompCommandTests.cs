using CallCenter.Management.Agents;
using CallCenter.Management.Tests.Support;
using CallCenter.Telephony.Simulated;
using Microsoft.Extensions.DependencyInjection;

namespace CallCenter.Management.Tests;

/// <summary>Every /app destination of the spec driven over STOMP, with its pushes (frames by hand; the third-party client
/// path is <see cref="StompWireTests"/>).</summary>
public sealed class StompCommandTests(ManagementSilo system) : IClassFixture<ManagementSilo>
{
    private IAgentGrain Agent(string u) => system.Grains.GetGrain<IAgentGrain>(IAgentGrain.KeyFor("demo", u));

    private static string Json(object value) => System.Text.Json.JsonSerializer.Serialize(value);

    private static Task<StompFrame> OnAsync(RawStompClient client, string destination, string? contains = null) => client.WaitForMessageAsync(destination, contains);

    private async Task<RawStompClient> ConnectAsync(params string[] destinations)
    {
        var client = await RawStompClient.OpenAsync(system.Silo.BaseAddress);
        Assert.Equal("CONNECTED", (await client.ConnectAsync()).Command);
        var id = 0;
        foreach (var destination in destinations) await client.SubscribeAsync("s" + id++, destination);
        return client;
    }

    [Fact]
    public async Task Transfer_hands_the_customer_over_with_transfer_and_notify_pushes()
    {
        await system.GatewayAsync();
        var project = system.Unique("xfer");
        var agents = await system.AgentsAsync(project, 2);
        var (a, b) = (agents[0], agents[1]);
        await using var client = await ConnectAsync($"/topic/call/{a}", $"/topic/bye/{a}", $"/topic/transfer/{b}", $"/topic/invite/{b}", $"/topic/notify/{b}", $"/topic/notify/{a}", $"/topic/bye/{b}");

        await client.SendAsync("/app/busy", Json(new { username = b, projectCode = project, workType = "10" }));
        Assert.Contains("置忙成功", (await OnAsync(client, $"/topic/notify/{b}")).Body);
        await client.SendAsync("/app/call", Json(new { username = a, projectCode = project, telNo = "13811112222" }));
        var callId = System.Text.Json.JsonDocument.Parse((await OnAsync(client, $"/topic/call/{a}")).Body).RootElement.GetProperty("callId").GetString()!;
        await system.SettleAsync();
        await system.AnswerAsync(a);
        await system.AnswerAsync("13811112222");

        // B is busy: refused, told to A.
        await client.SendAsync("/app/transfer", Json(new { username = a, otherUsername = b, callId }));
        Assert.Contains("坐席未置闲", (await OnAsync(client, $"/topic/notify/{a}")).Body);
        await client.SendAsync("/app/idle", Json(new { username = b, projectCode = project, workType = "10" }));
        await OnAsync(client, $"/topic/notify/{b}", "置闲成功");
        await client.SendAsync("/app/transfer", Json(new { username = a, otherUsername = b, callId }));
        var transfer = await OnAsync(client, $"/topic/transfer/{b}");
        Assert.Contains($"\"username\":\"{a}\"", transfer.Body);
        Assert.Contains("\"telNo\":\"13811112222\"", transfer.Body);
        Assert.Contains(callId, transfer.Body);
        Assert.Contains("转接来电", (await OnAsync(client, $"/topic/notify/{b}")).Body);

        await system.SettleAsync();
        await system.AnswerAsync(b);
        Assert.Contains(callId, (await OnAsync(client, $"/topic/bye/{a}")).Body);
        Assert.Contains(callId, (await OnAsync(client, $"/topic/invite/{b}")).Body);
        Assert.Equal(callId, (await Agent(b).GetAsync())!.CallId);

        // B ends it with a survey; the customer rates it 1.
        await client.SendAsync("/app/bye", Json(new { username = b, callId, satisfaction = "1" }));
        await OnAsync(client, $"/topic/bye/{b}");
        await system.SettleAsync();
        var customer = system.Leg("13811112222");
        Assert.True(customer.CollectingDigits);
        system.Network.PressDigits(customer.LegId, "1");
        await system.AdvanceAsync(TimeSpan.FromSeconds(1));
        var log = await system.CallLogAsync(callId);
        Assert.Equal(1, log.GetProperty("evaluation").GetInt32());
        Assert.Equal(a, log.GetProperty("callerIdNumber").GetString());
    }

    [Fact]
    public async Task Preview_call_play_voice_and_manager_call_over_stomp()
    {
        await system.GatewayAsync();
        var project = system.Unique("prev");
        var certificate = await system.CreateProjectAsync(project, 1);
        var (agent, password) = await system.ClaimAsync(certificate);
        var (manager, managerPassword) = await system.ClaimAsync(certificate, type: 3);
        foreach (var (u, p) in new[] { (agent, password), (manager, managerPassword) })
        {
            system.Network.SetPhonePolicy(u, ManagementSilo.DemoDomain, PhoneAnswerPolicy.Manual());
            system.Network.RegisterPhone(u, ManagementSilo.DemoDomain, p);
        }
        await using (var content = new MemoryStream(new byte[64]))
            await system.Silo.Services.GetRequiredService<Telephony.IBlobStore>().PutAsync("demo/voices/hold.wav", content, "audio/wav");
        Assert.Equal(1, (await system.Api.PostAsync("/callcenter/callProject/api/uploadVoiceFile/v1", ("qiniuStoreKey", "hold.wav"), ("voiceCode", "hold"))).Code);
        await using var client = await ConnectAsync($"/topic/call/{agent}", $"/topic/notify/{agent}", $"/topic/call/{manager}", $"/topic/bye/{manager}", $"/topic/status/{agent}", $"/topic/bye/{agent}");

        await client.SendAsync("/app/previewCall", Json(new { username = agent, callTaskCode = "task-9", telNo = "13822223333" }));
        var call = System.Text.Json.JsonDocument.Parse((await OnAsync(client, $"/topic/call/{agent}")).Body).RootElement;
        Assert.Equal("task-9", call.GetProperty("callTaskCode").GetString());
        var callId = call.GetProperty("callId").GetString()!;
        await system.SettleAsync();
        await system.AnswerAsync(agent);
        await system.AnswerAsync("13822223333");

        await client.SendAsync("/app/playVoice", Json(new { username = agent, callId, voiceCode = "hold" }));
        Assert.Contains("正在播放", (await OnAsync(client, $"/topic/notify/{agent}")).Body);
        Assert.Equal("demo/voices/hold.wav", system.Leg("13822223333").Playing);
        await client.SendAsync("/app/stopPlayVoice", Json(new { username = agent, callId, voiceCode = "hold" }));
        Assert.Contains("已停止播放", (await OnAsync(client, $"/topic/notify/{agent}")).Body);
        await client.SendAsync("/app/bye", Json(new { username = agent, callId }));
        await OnAsync(client, $"/topic/bye/{agent}", callId);
        await system.SettleAsync();
        Assert.Equal("task-9", (await system.CallLogAsync(callId)).GetProperty("callTaskCode").GetString());
        Assert.Equal(2, (await system.CallLogAsync(callId)).GetProperty("callType").GetInt32());

        // The manager calls the agent: username is the caller (the manager), telNo the agent's extension.
        await client.SendAsync("/app/pmCallAgent", Json(new { username = manager, telNo = agent }));
        var pmCall = System.Text.Json.JsonDocument.Parse((await OnAsync(client, $"/topic/call/{manager}")).Body).RootElement.GetProperty("callId").GetString()!;
        await system.SettleAsync();
        await system.AnswerAsync(manager);
        await system.AnswerAsync(agent);
        await OnAsync(client, $"/topic/status/{agent}", "\"sessionStatus\":10");
        await client.SendAsync("/app/pmByeAgent", Json(new { username = manager, callId = pmCall }));
        Assert.Contains(pmCall, (await OnAsync(client, $"/topic/bye/{manager}")).Body);
    }

    [Fact]
    public async Task Supervision_commands_over_stomp()
    {
        await system.GatewayAsync();
        var project = system.Unique("sup");
        var certificate = await system.CreateProjectAsync(project, 2);
        var agents = new List<(string U, string P)> { await system.ClaimAsync(certificate), await system.ClaimAsync(certificate) };
        var (manager, managerPassword) = await system.ClaimAsync(certificate, type: 3);
        foreach (var (u, p) in agents.Append((manager, managerPassword)))
        {
            system.Network.SetPhonePolicy(u, ManagementSilo.DemoDomain, PhoneAnswerPolicy.Manual());
            system.Network.RegisterPhone(u, ManagementSilo.DemoDomain, p);
        }
        await system.SettleAsync();
        var (talker, idle) = (agents[0].U, agents[1].U);
        await using var client = await ConnectAsync($"/topic/notify/{project}/{manager}", $"/topic/call/{talker}", $"/topic/status/{idle}", $"/topic/notify/{project}/{idle}");

        await client.SendAsync("/app/call", Json(new { username = talker, projectCode = project, telNo = "13833334444" }));
        await OnAsync(client, $"/topic/call/{talker}");
        await system.SettleAsync();
        await system.AnswerAsync(talker);
        await system.AnswerAsync("13833334444");

        await client.SendAsync("/app/eavesdrop", Json(new { username = talker, listenerExt = manager, projectCode = project }));
        Assert.Contains("正在监听", (await OnAsync(client, $"/topic/notify/{project}/{manager}")).Body);
        await system.SettleAsync();
        await system.AnswerAsync(manager);
        Assert.True(system.Network.CanHear(system.Leg(manager).LegId, system.Leg(talker).LegId));
        await client.SendAsync("/app/stopEavesdrop", Json(new { username = talker, listenerExt = manager, projectCode = project }));
        Assert.Contains("已停止监听", (await OnAsync(client, $"/topic/notify/{project}/{manager}")).Body);
        await system.SettleAsync();

        await client.SendAsync("/app/idle", Json(new { username = idle, projectCode = project, workType = "10" }));
        await OnAsync(client, $"/topic/notify/{project}/{idle}", "置闲成功");
        await client.SendAsync("/app/conference", Json(new { projectCode = project, listenerExt = manager }));
        Assert.Contains("呼叫 1 名坐席", (await OnAsync(client, $"/topic/notify/{project}/{manager}")).Body);
        await system.SettleAsync();
        await system.AnswerAsync(manager);
        await system.AnswerAsync(idle);
        await OnAsync(client, $"/topic/status/{idle}", "\"sessionStatus\":7");
        // The talking agent is busy: a personal invitation is refused.
        await client.SendAsync("/app/conferenceByUsername", Json(new { username = talker, listenerExt = manager, projectCode = project }));
        Assert.Contains("\"msgType\":\"error\"", (await OnAsync(client, $"/topic/notify/{project}/{manager}")).Body);
        await client.SendAsync("/app/stopConference", Json(new { projectCode = project, listenerExt = manager }));
        Assert.Contains("会议已结束", (await OnAsync(client, $"/topic/notify/{project}/{manager}")).Body);
        await OnAsync(client, $"/topic/status/{idle}", "\"sessionStatus\":0");
    }

    [Fact]
    public async Task Task_events_of_the_dialer_are_pushed_on_the_project_task_topics()
    {
        var project = system.Unique("tasks");
        await using var client = await ConnectAsync($"/topic/task/{project}", $"/topic/callTaskStatus/{project}");
        var stream = system.Silo.Grains.GetGrain<Events.IManagementEventHubGrain>(Events.ManagementEventHubs.KeyFor("demo"));

        await stream.PublishAsync(new Events.CallTaskStatusChanged("demo", system.Now, project, "t1", 2,
            new Dictionary<string, string?> { ["callTaskCode"] = "t1", ["status"] = "2", ["projectCode"] = project }));
        var task = System.Text.Json.JsonDocument.Parse((await OnAsync(client, $"/topic/task/{project}")).Body).RootElement;
        Assert.Equal("t1", task.GetProperty("callTaskCode").GetString());
        Assert.Equal("2", task.GetProperty("status").GetString());

        await stream.PublishAsync(new Events.CallTaskProgress("demo", system.Now, project, "t1", 2, 10, 1, 2, 3, 4, 0, 1.2));
        var progress = System.Text.Json.JsonDocument.Parse((await OnAsync(client, $"/topic/callTaskStatus/{project}")).Body).RootElement;
        foreach (var property in progress.EnumerateObject()) Assert.Equal(System.Text.Json.JsonValueKind.String, property.Value.ValueKind);
        Assert.Equal("t1", progress.GetProperty("code").GetString());
        Assert.Equal("10", progress.GetProperty("totalCnt").GetString());
        Assert.Equal("4", progress.GetProperty("successCnt").GetString());
        Assert.Equal("0", progress.GetProperty("runningCnt").GetString());
        Assert.Equal("1.2", progress.GetProperty("rate").GetString());
    }
}
