using System.Text.Json;
using CallCenter.Management.Events;
using CallCenter.Management.Webhooks;
using CallCenter.Management.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace CallCenter.Management.Tests;

/// <summary>Task progress and extension-state changes POSTed to the tenant's URLs, signed, with retries.</summary>
public sealed class WebhookTests(ManagementSilo system) : IClassFixture<ManagementSilo>
{
    private static bool SignatureValid(ReceivedWebhook hook, string key) => WebhookReceiver.SignatureValid(hook, key);

    /// <summary>Delivery runs off the outbox grain's timer, on the silo's virtual clock: time moves a second per round.</summary>
    private static Func<Task> Tick(ManagementSilo silo) => () => silo.AdvanceAsync(TimeSpan.FromSeconds(1));

    private static IManagementEventHubGrain Stream(ManagementSilo silo, string tenant)
        => silo.Silo.Grains.GetGrain<IManagementEventHubGrain>(ManagementEventHubs.KeyFor(tenant));

    private static string TaskCode(ReceivedWebhook hook)
    {
        using var body = JsonDocument.Parse(hook.Body);
        return body.RootElement.GetProperty("task").GetProperty("code").GetString()!;
    }

    [Fact]
    public async Task Extension_state_and_task_progress_are_posted_signed_and_retried()
    {
        await using var receiver = new WebhookReceiver();
        var configured = await system.Api.PostAsync("/callcenter/tenant/api/setNotifyUrl/v1", ("extStatusUrl", receiver.Url + "ext"), ("taskStatusUrl", receiver.Url + "task"), ("rotateKey", "1"));
        Assert.Equal(1, configured.Code);
        var key = configured.Data.GetProperty("signingKey").GetString()!;
        // The key is shown once.
        var settings = await system.Api.GetAsync("/callcenter/tenant/api/getSettings/v1");
        Assert.True(settings.Data.GetProperty("hasSigningKey").GetBoolean());
        Assert.DoesNotContain(key, settings.Body);

        var project = system.Unique("hook");
        var agents = await system.AgentsAsync(project, 1);
        static bool Idle(string body) => body.Contains("\"workStatus\":1", StringComparison.Ordinal);

        // The back office fails once: the notification comes again, signed afresh. (The set-up's own notifications,
        // registration and joining the project, arrive too and are skipped.)
        receiver.FailOnce(Idle, 503);
        Assert.Equal(1, (await system.Api.PostAsync("/callcenter/callProject/api/setWorkStatus/v1", ("username", agents[0]), ("workStatus", "1"))).Code);
        var first = await receiver.NextAsync(h => Idle(h.Body), Tick(system));
        Assert.Equal(503, first.AnsweredStatus);
        Assert.Equal("/hooks/ext", first.Path);
        Assert.True(SignatureValid(first, key));
        Assert.Equal("extStatus", first.Headers["X-CallCenter-Event"]);
        using (var body = JsonDocument.Parse(first.Body))
        {
            var extension = body.RootElement.GetProperty("extension");
            Assert.Equal(agents[0], extension.GetProperty("username").GetString());
            Assert.Equal(1, extension.GetProperty("workStatus").GetInt32());
            Assert.Equal(project, extension.GetProperty("projectCode").GetString());
        }
        ReceivedWebhook? retry = null;
        for (var i = 0; i < 60 && retry is null; i++)
        {
            // The retry waits on the silo's (virtual) clock; time moves until it is sent.
            await system.AdvanceAsync(TimeSpan.FromSeconds(1));
            await Task.Delay(50);
            if (receiver.TryNext(h => Idle(h.Body), out var next)) retry = next;
        }
        Assert.NotNull(retry);
        Assert.Equal(200, retry.AnsweredStatus);
        Assert.Equal(first.Body, retry.Body);
        Assert.True(SignatureValid(retry, key));

        // Task progress, as the dialer publishes it: to the task URL, with the all-string map of /topic/callTaskStatus.
        var stream = Stream(system, "demo");
        await stream.PublishAsync(new CallTaskProgress("demo", system.Now, project, "task-1", 2, 100, 10, 3, 5, 60, 22, 1.5));
        var task = await receiver.NextAsync(h => h.Path == "/hooks/task", Tick(system));
        Assert.Equal("/hooks/task", task.Path);
        Assert.True(SignatureValid(task, key));
        using (var body = JsonDocument.Parse(task.Body))
        {
            var map = body.RootElement.GetProperty("task");
            Assert.Equal("task-1", map.GetProperty("code").GetString());
            Assert.Equal("100", map.GetProperty("totalCnt").GetString());
            Assert.Equal("1.5", map.GetProperty("rate").GetString());
            Assert.Equal(project, body.RootElement.GetProperty("projectCode").GetString());
        }

        // A tampered body does not verify.
        Assert.False(SignatureValid(task with { Body = task.Body.Replace("100", "999") }, key));
    }

    [Fact]
    public async Task A_receiver_failing_twice_gets_each_notification_once_in_order()
    {
        await using var receiver = new WebhookReceiver();
        var configured = await system.OtherApi.PostAsync("/callcenter/tenant/api/setNotifyUrl/v1", ("taskStatusUrl", receiver.Url + "task"), ("rotateKey", "1"));
        Assert.Equal(1, configured.Code);
        receiver.SigningKey = configured.Data.GetProperty("signingKey").GetString()!;
        var project = system.Unique("order");
        bool Mine(ReceivedWebhook h) => h.Body.Contains($"\"projectCode\":\"{project}\"", StringComparison.Ordinal);

        // The back office answers 503 twice to the first notification: the two after it must wait.
        receiver.Fail(body => body.Contains("\"t-1\"", StringComparison.Ordinal), 503, 2);
        var stream = Stream(system, ManagementSilo.OtherTenant);
        foreach (var code in new[] { "t-1", "t-2", "t-3" })
            await stream.PublishAsync(new CallTaskProgress(ManagementSilo.OtherTenant, system.Now, project, code, 2, 100, 10, 3, 5, 60, 22, 1.5));

        var received = new List<ReceivedWebhook>();
        while (received.Count(h => h.AnsweredStatus == 200) < 3) received.Add(await receiver.NextAsync(Mine, Tick(system)));
        // Nothing more comes: every notification was delivered exactly once.
        for (var i = 0; i < 30; i++) await Tick(system)();
        while (receiver.TryNext(Mine, out var extra)) received.Add(extra);

        Assert.Equal(["t-1", "t-1", "t-1", "t-2", "t-3"], received.Select(TaskCode));
        Assert.Equal([503, 503, 200, 200, 200], received.Select(h => h.AnsweredStatus));
        Assert.All(received, h => Assert.True(h.SignatureChecked && h.SignatureValid, "signature verified by the receiver"));
        var status = await system.Grains.GetGrain<IWebhookOutboxGrain>(IWebhookOutboxGrain.KeyFor(ManagementSilo.OtherTenant)).GetStatusAsync();
        Assert.Equal(0, status.Pending);
    }

    [Fact]
    public async Task A_notification_pending_when_the_silo_restarts_is_delivered_after_the_restart()
    {
        // A system of its own (SQLite storage, virtual time), since it is restarted.
        var own = new ManagementSilo();
        await own.InitializeAsync();
        try
        {
            await using var receiver = new WebhookReceiver();
            var configured = await own.Api.PostAsync("/callcenter/tenant/api/setNotifyUrl/v1", ("taskStatusUrl", receiver.Url + "task"), ("rotateKey", "1"));
            Assert.Equal(1, configured.Code);
            receiver.SigningKey = configured.Data.GetProperty("signingKey").GetString()!;
            var project = own.Unique("restart");
            bool Mine(ReceivedWebhook h) => h.Body.Contains($"\"projectCode\":\"{project}\"", StringComparison.Ordinal);

            // Two failures: the second retry waits 2 s, long enough to restart in between.
            receiver.Fail(_ => true, 503, 2);
            await Stream(own, "demo").PublishAsync(new CallTaskProgress("demo", own.Now, project, "t-r", 2, 100, 10, 3, 5, 60, 22, 1.5));
            var failed = await receiver.NextAsync(Mine, Tick(own));
            Assert.Equal(503, failed.AnsweredStatus);
            var outbox = own.Grains.GetGrain<IWebhookOutboxGrain>(IWebhookOutboxGrain.KeyFor("demo"));
            Assert.Equal(1, (await outbox.GetStatusAsync()).Pending);

            await own.Silo.RestartAsync();

            // Nothing calls the outbox after the restart: its reminder brings it back.
            var delivered = await receiver.NextAsync(h => Mine(h) && h.AnsweredStatus == 200, Tick(own));
            Assert.Equal(200, delivered.AnsweredStatus);
            Assert.Equal(failed.Body, delivered.Body);
            Assert.True(delivered.SignatureChecked && delivered.SignatureValid);
            Assert.Equal(0, (await own.Grains.GetGrain<IWebhookOutboxGrain>(IWebhookOutboxGrain.KeyFor("demo")).GetStatusAsync()).Pending);
        }
        finally
        {
            await own.DisposeAsync();
        }
    }
}
