using CallCenter.Management.Accounts;

namespace CallCenter.Management.Webhooks;

/// <summary>
/// A tenant's durable webhook outbox: the one place in the cluster that POSTs the tenant's task and extension-state
/// notifications. A notification is written to the grain's persistent state before <see cref="EnqueueAsync"/>
/// completes and removed only after the receiver answered 2xx (or it was given up); delivery runs off a grain timer,
/// in order per URL, with a durable reminder so it resumes after a restart. Key: <see cref="KeyFor"/>.
/// </summary>
[Alias("management.webhooks.IWebhookOutboxGrain")]
public interface IWebhookOutboxGrain : IGrainWithStringKey
{
    /// <summary>Appends <paramref name="notification"/> (persisted before the turn ends). A notification whose
    /// <see cref="WebhookNotification.Id"/> was enqueued recently is ignored, so several edges relaying the same event
    /// produce one delivery. Awaited (not one-way): the edge relays a partition's events in order, and Orleans keeps no
    /// order between one-way calls, so only awaiting each enqueue keeps the notifications in order.</summary>
    Task EnqueueAsync(WebhookNotification notification);

    Task<WebhookOutboxStatus> GetStatusAsync();

    public static string KeyFor(string tenantId) => ManagementKeys.WebhookOutbox(tenantId);
}

/// <summary>One notification: <paramref name="Body"/> is POSTed byte for byte as it is given.</summary>
/// <param name="Event">The <c>X-CallCenter-Event</c> header ("extStatus", "task", "callTaskStatus").</param>
/// <param name="Id">Identity for de-duplication (the same event relayed twice has the same id); null: never de-duplicated.</param>
[GenerateSerializer, Immutable, Alias("management.webhooks.WebhookNotification")]
public sealed record WebhookNotification(WebhookKind Kind, string Event, string Body, string? Id = null);

/// <param name="Pending">Notifications waiting (including those between retries).</param>
/// <param name="Delivered">Answered 2xx.</param>
/// <param name="Dropped">Dropped because the outbox was full (the oldest go first).</param>
/// <param name="Abandoned">Given up: rejected (non-retryable answer), out of attempts, or no URL configured.</param>
[GenerateSerializer, Immutable, Alias("management.webhooks.WebhookOutboxStatus")]
public sealed record WebhookOutboxStatus(int Pending, long Delivered, long Dropped, long Abandoned);

/// <summary>The headers of a webhook POST.</summary>
public static class WebhookHeaders
{
    /// <summary>Epoch milliseconds of the attempt; part of the signed text.</summary>
    public const string Timestamp = "X-CallCenter-Timestamp";

    /// <summary><c>sha256=HEX(HMAC-SHA256(key, timestamp + "." + body))</c>, lower-case hex.</summary>
    public const string Signature = "X-CallCenter-Signature";

    public const string Event = "X-CallCenter-Event";
}
