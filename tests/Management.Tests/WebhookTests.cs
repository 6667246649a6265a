using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CallCenter.Management.Events;
using CallCenter.Management.Tests.Support;
using CallCenter.Runtime;
using CallCenter.Runtime.Streams;
using Microsoft.Extensions.DependencyInjection;

namespace CallCenter.Management.Tests;

/// <summary>Task progress and extension-state changes POSTed to the tenant's URLs, signed, with retries.</summary>
public sealed class WebhookTests(ManagementSilo system) : IClassFixture<ManagementSilo>
{
    private static bool SignatureValid(ReceivedWebhook hook, string key)
    {
        var expected = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Convert.FromBase64String(key), Encoding.UTF8.GetBytes(hook.Headers["X-CallCenter-Timestamp"] + "." + hook.Body)));
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(hook.Headers["X-CallCenter-Signature"]));
    }

    [Fact]
    public async Task Extension_state_and_task_progress_are_posted_signed_and_retried()
    {
        await using var receiver = new WebhookReceiver();
        var configured = await system.Api.PostAsync("/callcenter/tenant/api/setNotifyUrl/v1", ("extStatusUrl", receiver.Url + "ext"), ("taskStatusUrl", receiver.Url + "task"));
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
        var first = await receiver.NextAsync(h => Idle(h.Body));
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
        var stream = system.Silo.Services.GetRequiredService<IClusterClient>().GetStreamProvider(ManagementStreams.ProviderName)
            .GetStream<ManagementEvent>(StreamId.Create(ManagementStreams.Namespace, ManagementStreams.KeyFor("demo")));
        await stream.OnNextAsync(new CallTaskProgress("demo", system.Now, project, "task-1", 2, 100, 10, 3, 5, 60, 22, 1.5));
        var task = await receiver.NextAsync(h => h.Path == "/hooks/task");
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
}
