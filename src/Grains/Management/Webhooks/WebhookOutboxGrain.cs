using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;
using CallCenter.Management;
using CallCenter.Management.Accounts;
using CallCenter.Management.Webhooks;
using CallCenter.Runtime.Outbound;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CallCenter.Grains.Management.Webhooks;

public sealed class WebhookOutboxState
{
    /// <summary>Waiting notifications, oldest first.</summary>
    public List<PendingWebhook> Pending { get; set; } = [];

    public long NextSequence { get; set; }

    /// <summary>Ids of the most recent enqueues (de-duplication of the same event relayed by several edges).</summary>
    public List<string> RecentIds { get; set; } = [];

    public long Delivered { get; set; }
    public long Dropped { get; set; }
    public long Abandoned { get; set; }
}

public sealed class PendingWebhook
{
    public long Sequence { get; set; }
    public WebhookKind Kind { get; set; }
    public string Event { get; set; } = "";
    public string Body { get; set; } = "";
    /// <summary>Attempts made so far (failed ones; a delivered notification is removed).</summary>
    public int Attempts { get; set; }
    /// <summary>Not tried again before this time (the runtime's clock).</summary>
    public DateTimeOffset NotBefore { get; set; }
}

/// <summary>
/// The durable webhook outbox of one tenant (see <see cref="IWebhookOutboxGrain"/>). Delivery runs off a timer while
/// anything is pending: per URL (one per <see cref="WebhookKind"/>) the oldest notification is POSTed, and the next one
/// only after it was answered 2xx or given up, so each URL sees its notifications in order. A retryable failure
/// (network error, timeout, 408, 429, 5xx) holds the URL for a doubling delay; any other answer is final. Each attempt
/// is signed afresh by the tenant grain, which alone holds the key. A URL the tenant's outbound policy refuses (a private,
/// loopback or metadata address, found when connecting or on a redirect) is final too: no retry would change it.
/// </summary>
[GrainType("webhook-outbox")]
public sealed class WebhookOutboxGrain(
    [PersistentState("webhook-outbox")] IPersistentState<WebhookOutboxState> state,
    OutboundHttp outbound,
    IOptions<WebhookOutboxOptions> options,
    TimeProvider clock,
    ILogger<WebhookOutboxGrain> log) : Grain, IWebhookOutboxGrain, IRemindable
{
    private const string ResumeReminder = "webhook-outbox";
    private const int RecentIdCapacity = 256;
    private static readonly WebhookKind[] Kinds = [WebhookKind.ExtensionStatus, WebhookKind.TaskStatus];

    private static readonly Meter Meter = new("CallCenter.Management.Webhooks");
    private static readonly Counter<long> DroppedCounter = Meter.CreateCounter<long>("callcenter.webhooks.dropped", description: "Webhook notifications dropped because a tenant's outbox was full");
    private static readonly Counter<long> AbandonedCounter = Meter.CreateCounter<long>("callcenter.webhooks.abandoned", description: "Webhook notifications given up (rejected, out of attempts or no URL)");
    private static readonly Counter<long> DeliveredCounter = Meter.CreateCounter<long>("callcenter.webhooks.delivered", description: "Webhook notifications answered 2xx");

    private IDisposable? _timer;
    private bool _reminderRegistered;

    private WebhookOutboxState S => state.State;

    private WebhookOutboxOptions Settings => options.Value;

    private string TenantId => ManagementKeys.TenantOf(this.GetPrimaryKeyString());

    private IManagementTenantGrain Tenant => GrainFactory.GetGrain<IManagementTenantGrain>(IManagementTenantGrain.KeyFor(TenantId));

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (S.Pending.Count > 0) await EnsureScheduledAsync();
    }

    public async Task EnqueueAsync(WebhookNotification notification)
    {
        // A tenant without a URL for this kind gets nothing (as before): no state written, no timer, no reminder.
        var settings = await Tenant.GetSettingsAsync();
        if ((notification.Kind == WebhookKind.TaskStatus ? settings.TaskStatusUrl : settings.ExtensionStatusUrl) is null) return;
        if (notification.Id is { } id)
        {
            if (S.RecentIds.Contains(id)) return;
            S.RecentIds.Add(id);
            if (S.RecentIds.Count > RecentIdCapacity) S.RecentIds.RemoveRange(0, S.RecentIds.Count - RecentIdCapacity);
        }
        S.Pending.Add(new PendingWebhook
        {
            Sequence = ++S.NextSequence,
            Kind = notification.Kind,
            Event = notification.Event,
            Body = notification.Body,
            NotBefore = clock.GetUtcNow(),
        });
        var capacity = Math.Max(1, Settings.QueueCapacity);
        while (S.Pending.Count > capacity)
        {
            var dropped = S.Pending[0];
            S.Pending.RemoveAt(0);
            S.Dropped++;
            DroppedCounter.Add(1);
            log.LogWarning("Webhook outbox of tenant {TenantId} full ({Capacity}): the oldest {Event} notification (#{Sequence}) was dropped; {Dropped} dropped so far",
                TenantId, capacity, dropped.Event, dropped.Sequence, S.Dropped);
        }
        // Persisted before the call completes: from here on a restart does not lose it.
        await state.WriteStateAsync();
        await EnsureScheduledAsync();
    }

    public Task<WebhookOutboxStatus> GetStatusAsync()
        => Task.FromResult(new WebhookOutboxStatus(S.Pending.Count, S.Delivered, S.Dropped, S.Abandoned));

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != ResumeReminder) return;
        _reminderRegistered = true;
        if (S.Pending.Count == 0) await StopAsync();
        else await EnsureScheduledAsync();
    }

    private async Task EnsureScheduledAsync()
    {
        _timer ??= this.RegisterGrainTimer(() => DeliverAsync(), TimeSpan.Zero, Settings.PollInterval);
        if (!_reminderRegistered)
        {
            await this.RegisterOrUpdateReminder(ResumeReminder, Settings.ReminderPeriod, Settings.ReminderPeriod);
            _reminderRegistered = true;
        }
    }

    private async Task StopAsync()
    {
        _timer?.Dispose();
        _timer = null;
        if (await this.GetReminder(ResumeReminder) is { } reminder) await this.UnregisterReminder(reminder);
        _reminderRegistered = false;
    }

    /// <summary>One delivery tick: a bounded batch, per URL in order, within <see cref="WebhookOutboxOptions.TickBudget"/>.</summary>
    private async Task DeliverAsync()
    {
        var budget = Stopwatch.StartNew();
        var sent = 0;
        var batch = Math.Max(1, Settings.BatchSize);
        foreach (var kind in Kinds)
        {
            while (sent < batch && budget.Elapsed < Settings.TickBudget)
            {
                var head = S.Pending.Find(p => p.Kind == kind);
                if (head is null || head.NotBefore > clock.GetUtcNow()) break;
                sent++;
                if (!await AttemptAsync(head)) break; // this URL waits for its retry
            }
        }
        if (S.Pending.Count == 0) await StopAsync();
    }

    /// <returns>Whether the URL may go on with its next notification (this one is done).</returns>
    private async Task<bool> AttemptAsync(PendingWebhook item)
    {
        var timestamp = clock.GetUtcNow().ToUnixTimeMilliseconds();
        WebhookDispatch? dispatch;
        try
        {
            dispatch = await Tenant.SignWebhookAsync(item.Kind, item.Body, timestamp);
        }
        catch (Exception e)
        {
            log.LogWarning(e, "Webhook {Event} (#{Sequence}) of tenant {TenantId} could not be signed", item.Event, item.Sequence, TenantId);
            return await FailedAsync(item, "?");
        }
        if (dispatch is null)
        {
            // The tenant has no URL for this kind (cleared since): nothing to deliver to.
            await RemoveAsync(item, delivered: false);
            return true;
        }

        var outcome = await PostAsync(dispatch, item, timestamp);
        switch (outcome)
        {
            case Outcome.Delivered:
                await RemoveAsync(item, delivered: true);
                return true;
            case Outcome.Refused:
                await RemoveAsync(item, delivered: false);
                return true;
            case Outcome.Rejected:
                log.LogWarning("Webhook {Event} (#{Sequence}) of tenant {TenantId} rejected by {Host}: not retried", item.Event, item.Sequence, TenantId, HostOf(dispatch.Url));
                await RemoveAsync(item, delivered: false);
                return true;
            default:
                return await FailedAsync(item, HostOf(dispatch.Url));
        }
    }

    private async Task<bool> FailedAsync(PendingWebhook item, string host)
    {
        item.Attempts++;
        if (item.Attempts >= Math.Max(1, Settings.MaxAttempts))
        {
            log.LogWarning("Webhook {Event} (#{Sequence}) of tenant {TenantId} not delivered to {Host} after {Attempts} attempt(s): given up",
                item.Event, item.Sequence, TenantId, host, item.Attempts);
            await RemoveAsync(item, delivered: false);
            return true;
        }
        var delay = Settings.FirstRetryDelay * Math.Pow(2, Math.Min(item.Attempts - 1, 30));
        if (delay > Settings.MaxRetryDelay) delay = Settings.MaxRetryDelay;
        item.NotBefore = clock.GetUtcNow() + delay;
        await state.WriteStateAsync();
        return false;
    }

    private async Task RemoveAsync(PendingWebhook item, bool delivered)
    {
        S.Pending.Remove(item);
        if (delivered)
        {
            S.Delivered++;
            DeliveredCounter.Add(1);
        }
        else
        {
            S.Abandoned++;
            AbandonedCounter.Add(1);
        }
        await state.WriteStateAsync();
    }

    private async Task<Outcome> PostAsync(WebhookDispatch dispatch, PendingWebhook item, long timestamp)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, dispatch.Url)
        {
            Content = new StringContent(item.Body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add(WebhookHeaders.Timestamp, timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add(WebhookHeaders.Signature, "sha256=" + dispatch.Signature);
        request.Headers.Add(WebhookHeaders.Event, item.Event);
        // Real time: the receiver is real whatever clock the runtime runs on.
        using var timeout = new CancellationTokenSource(Settings.Timeout);
        using var client = outbound.ClientFor(await outbound.PolicyForAsync(TenantId));
        try
        {
            using var response = await client.SendAsync(request, timeout.Token);
            if (response.IsSuccessStatusCode) return Outcome.Delivered;
            var status = (int)response.StatusCode;
            log.LogInformation("Webhook {Event} (#{Sequence}) of tenant {TenantId} to {Host} answered {Status}", item.Event, item.Sequence, TenantId, HostOf(dispatch.Url), status);
            return status is 408 or 429 or >= 500 ? Outcome.Retry : Outcome.Rejected;
        }
        catch (HttpRequestException e) when (OutboundHttp.RefusalOf(e) is { } refused)
        {
            // The host only: a URL's path or query may carry the receiver's secrets.
            log.LogWarning("Webhook {Event} (#{Sequence}) of tenant {TenantId} refused by the outbound policy: {Host} is a {AddressCategory} address; not retried",
                item.Event, item.Sequence, TenantId, refused.Host, refused.Category);
            return Outcome.Refused;
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
        {
            log.LogInformation("Webhook {Event} (#{Sequence}) of tenant {TenantId} to {Host} failed: {Reason}", item.Event, item.Sequence, TenantId, HostOf(dispatch.Url), e.Message);
            return Outcome.Retry;
        }
    }

    private static string HostOf(string url) => Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri.Host : "?";

    private enum Outcome { Delivered, Retry, Rejected, Refused }
}
