using System.Collections.Concurrent;
using System.Text.Json;
using CallCenter.Edge.Stomp;
using CallCenter.Management.CallLogs;
using CallCenter.Telephony;
using CallCenter.Telephony.Simulated;
using CallCenter.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace CallCenter.Dialer.Tests;

/// <summary>
/// Voice campaigns (schedule 2: voice then agent; 5: voice only) run to completion, and what the back office is pushed on
/// <c>/topic/task/{p}</c> and <c>/topic/callTaskStatus/{p}</c> agrees exactly with callTaskStatus and the call logs.
/// </summary>
public sealed class CampaignPushTests
{
    /// <summary>Every publication the STOMP broker is asked to deliver, in order, before any session filters it.</summary>
    private sealed class RecordingBroker(IStompBroker inner, ConcurrentQueue<(string Destination, string Body)> seen) : IStompBroker
    {
        public ValueTask PublishAsync(string tenantId, string destination, string jsonBody, CancellationToken cancellationToken = default)
        {
            seen.Enqueue((destination, jsonBody));
            return inner.PublishAsync(tenantId, destination, jsonBody, cancellationToken);
        }
    }

    [Theory]
    [InlineData("2")]
    [InlineData("5")]
    public async Task Voice_campaign_completes_and_its_pushes_agree_with_status_and_logs(string schedule)
    {
        var pushes = new ConcurrentQueue<(string Destination, string Body)>();
        await using var silo = await TestSilo.StartAsync(new TestSiloOptions
        {
            VirtualTime = true,
            ConfigureServices = services =>
            {
                var original = services.Last(d => d.ServiceType == typeof(IStompBroker));
                services.Remove(original);
                services.AddSingleton<IStompBroker>(sp => new RecordingBroker((IStompBroker)original.ImplementationFactory!(sp), pushes));
            },
        });
        var system = DialerSystem.Attach(silo);
        var project = system.Unique("voice");
        await system.AgentsAsync(project, 6);
        var gw = await system.GatewayAsync(30, new PstnProfile
        {
            AnswerProbability = 0.6,
            BusyProbability = 0.05,
            RingTime = DurationDistribution.Uniform(TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(10)),
            TalkTime = DurationDistribution.Uniform(TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(50)),
            Patience = DurationDistribution.Never,
        });
        await silo.Services.GetRequiredService<IBlobStore>().PutAsync("demo/voices/offer.wav", new MemoryStream(new byte[1024]), "audio/wav");
        Assert.Equal(1, DialerSystem.Code(await system.CallAsync("/callcenter/callProject/api/uploadVoiceFile/v1", ("voiceCode", "offer"), ("qiniuStoreKey", "offer.wav"))));
        await system.ImportAsync("list-" + project, Enumerable.Range(0, 120).Select(i => $"1390000{i:0000}"));

        var task = system.Unique("t");
        Assert.Equal(1, DialerSystem.Code(await system.CallAsync("/callcenter/callTask/api/submitCallTask/v1", ("callTaskCode", task), ("scheduleType", schedule), ("callType", "1"),
            ("callGWs", $"[{{\"code\":\"{gw}\",\"concurrency\":20}}]"), ("callListId", "list-" + project), ("voiceCode", "offer"),
            ("expiredTime", system.Now.AddDays(1).ToUnixTimeMilliseconds().ToString()), ("projectCode", project), ("rate", "1.5"))));
        Assert.Equal(1, DialerSystem.Code(await system.CallAsync("/callcenter/callTask/api/callTaskStart/v1", ("callTaskCode", task))));

        var status = await system.RunUntilEndedAsync(task, TimeSpan.FromHours(3));
        Assert.Equal(4, status.GetProperty("status").GetInt32());
        await silo.SettleAsync();

        var logs = await system.LogsAsync(task);
        Assert.Equal(120, logs.Count);
        long Count(int result) => logs.Count(l => l.Record.Result == result);
        Assert.Equal(Count(CallResults.Success), status.GetProperty("successCount").GetInt64());
        Assert.True(Count(CallResults.Success) > 30);
        if (schedule == "5") Assert.All(logs.Where(l => l.Record.Result == CallResults.Success), l => Assert.Equal(50, l.Record.ResultDetail));
        if (schedule == "2")
        {
            // Every customer who reached an agent was recorded, and the row names a recording that exists.
            var blobs = silo.Services.GetRequiredService<IBlobStore>();
            foreach (var talked in logs.Where(l => l.Record.Result == CallResults.Success))
            {
                Assert.NotNull(talked.Record.RecordingBlobKey);
                Assert.NotNull(await blobs.GetInfoAsync(talked.Record.RecordingBlobKey!));
            }
        }

        // The back office sees the task start and end, and the last progress push carries the final counts.
        var taskPushes = pushes.Where(p => p.Destination == $"/topic/task/{project}").Select(p => JsonDocument.Parse(p.Body).RootElement).ToList();
        Assert.Contains(taskPushes, p => p.GetProperty("callTaskCode").GetString() == task && p.GetProperty("status").ToString() == "2");
        Assert.Contains(taskPushes, p => p.GetProperty("callTaskCode").GetString() == task && p.GetProperty("status").ToString() == "4");
        var progress = pushes.Where(p => p.Destination == $"/topic/callTaskStatus/{project}")
            .Select(p => JsonDocument.Parse(p.Body).RootElement).Where(p => p.GetProperty("code").GetString() == task).ToList();
        Assert.NotEmpty(progress);
        var last = progress[^1];
        // wire-notes: an all-string map.
        Assert.All(last.EnumerateObject(), field => Assert.Equal(JsonValueKind.String, field.Value.ValueKind));
        Assert.Equal("120", last.GetProperty("totalCnt").GetString());
        Assert.Equal(Count(CallResults.Success).ToString(), last.GetProperty("successCnt").GetString());
        Assert.Equal(Count(CallResults.Failure).ToString(), last.GetProperty("failCnt").GetString());
        Assert.Equal(Count(CallResults.Missed).ToString(), last.GetProperty("missCnt").GetString());
        Assert.Equal("0", last.GetProperty("runningCnt").GetString());
        Assert.Equal("4", last.GetProperty("status").GetString());
    }
}
