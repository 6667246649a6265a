using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CallCenter.Edge.Json;
using CallCenter.Edge.Management.Http;
using CallCenter.Edge.Management.Push;
using CallCenter.Management.Accounts;
using CallCenter.Management.Events;
using CallCenter.Management.Webhooks;

namespace CallCenter.Edge.Management.Webhooks;

/// <summary>
/// Turns a management event into the webhook notification it gives rise to (none for most events): the body the
/// tenant's back office receives, byte for byte. Delivery (signing, POST, retries) is the tenant's
/// <see cref="IWebhookOutboxGrain"/>'s; the edge only enqueues. Pure translation: no state, no I/O.
/// </summary>
public static class WebhookNotifications
{
    public static WebhookNotification? For(ManagementEvent e) => e switch
    {
        AgentStateChanged s => Of(WebhookKind.ExtensionStatus, "extStatus",
            Serialize(new ExtensionStatusBody("extStatus", e.At.ToUnixTimeMilliseconds(), ExtensionRecordWire.From(s.Agent)))),
        CallTaskProgress p => Of(WebhookKind.TaskStatus, "callTaskStatus",
            Serialize(new TaskBody("callTaskStatus", e.At.ToUnixTimeMilliseconds(), p.ProjectCode, ManagementPushes.TaskProgressPayload(p)))),
        CallTaskStatusChanged t => Of(WebhookKind.TaskStatus, "task",
            Serialize(new TaskBody("task", e.At.ToUnixTimeMilliseconds(), t.ProjectCode, t.Task))),
        // Not in the spec (it has no recording event): sent to the task-status URL, where back offices receive outcomes.
        RecordingSaved r => Of(WebhookKind.TaskStatus, "recordingSaved",
            Serialize(new RecordingSavedBody("recordingSaved", e.At.ToUnixTimeMilliseconds(), r.ProjectCode, r.CallTaskCode, r.CallId, r.BlobKey))),
        _ => null,
    };

    /// <summary>The id is a hash of what is sent, so the same event relayed by several edges is enqueued once.</summary>
    private static WebhookNotification Of(WebhookKind kind, string eventName, string body)
        => new(kind, eventName, body, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(eventName + "\n" + body)))[..32]);

    private static string Serialize<T>(T value) => JsonSerializer.Serialize(value, EdgeJson.Options);

    private sealed record ExtensionStatusBody(string @event, long timestamp, ExtensionRecordWire extension);

    private sealed record RecordingSavedBody(string @event, long timestamp, string? projectCode, string? callTaskCode, string callId, string recordBlobKey);

    private sealed record TaskBody(string @event, long timestamp, string projectCode, object task);
}
