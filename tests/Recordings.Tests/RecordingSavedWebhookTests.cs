using System.Text.Json;
using CallCenter.Edge.Management.Webhooks;
using CallCenter.Management.Accounts;
using CallCenter.Management.Events;

namespace CallCenter.Recordings.Tests;

public sealed class RecordingSavedWebhookTests
{
    [Fact]
    public void A_saved_recording_is_announced_on_the_task_status_webhook()
    {
        var at = new DateTimeOffset(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);
        var notification = WebhookNotifications.For(new RecordingSaved("demo", at, "c-1", "demo/recordings/2026-03-01/c-1.wav", "p1", "t1"));
        Assert.NotNull(notification);
        Assert.Equal(WebhookKind.TaskStatus, notification.Kind);
        Assert.Equal("recordingSaved", notification.Event);
        Assert.NotNull(notification.Id); // the same event relayed by two edges is delivered once
        var body = JsonDocument.Parse(notification.Body).RootElement;
        Assert.Equal("recordingSaved", body.GetProperty("event").GetString());
        Assert.Equal(at.ToUnixTimeMilliseconds(), body.GetProperty("timestamp").GetInt64());
        Assert.Equal("c-1", body.GetProperty("callId").GetString());
        Assert.Equal("demo/recordings/2026-03-01/c-1.wav", body.GetProperty("recordBlobKey").GetString());
        Assert.Equal("p1", body.GetProperty("projectCode").GetString());
        Assert.Equal("t1", body.GetProperty("callTaskCode").GetString());
    }
}
