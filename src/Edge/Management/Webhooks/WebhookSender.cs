using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using CallCenter.Edge.Json;
using CallCenter.Edge.Management.Http;
using CallCenter.Edge.Management.Push;
using CallCenter.Management.Accounts;
using CallCenter.Management.Events;
using CallCenter.Runtime;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace CallCenter.Edge.Management.Webhooks;

/// <summary>
/// POSTs task and extension-state notifications to the URLs a tenant configured (the original called its back office
/// the same way), signed so the receiver can tell they are ours and fresh:
/// <c>X-CallCenter-Timestamp</c> (epoch ms) and <c>X-CallCenter-Signature: sha256=HEX(HMAC-SHA256(key, timestamp + "." +
/// body))</c> with the tenant's signing key, which only the tenant grain holds. A failed delivery (network error,
/// timeout, 408, 429 or 5xx) is retried with doubling delays, signed afresh each time; other answers are final.
/// Deliveries live in memory: notifications still queued when the edge stops are lost (they describe state the back
/// office can also query).
/// </summary>
public sealed class WebhookSender(IGrainFactory grains, IHttpClientFactory http, IOptions<ManagementOptions> options, TimeProvider clock, ILogger<WebhookSender> log)
    : BackgroundService
{
    public const string HttpClientName = "management-webhooks";
    public const string TimestampHeader = "X-CallCenter-Timestamp";
    public const string SignatureHeader = "X-CallCenter-Signature";
    public const string EventHeader = "X-CallCenter-Event";

    private readonly Channel<WebhookJob> _queue = Channel.CreateBounded<WebhookJob>(new BoundedChannelOptions(Math.Max(1, options.Value.Webhooks.QueueCapacity))
    {
        FullMode = BoundedChannelFullMode.DropOldest,
        SingleReader = true,
    }, dropped => log.LogWarning("Webhook queue full: a {Event} notification of tenant {TenantId} was dropped", dropped.Event, dropped.TenantId));

    /// <summary>Queues the notifications <paramref name="e"/> gives rise to (none for most events).</summary>
    public void Enqueue(ManagementEvent e)
    {
        if (!options.Value.Webhooks.Enabled) return;
        if (Job(e) is { } job) _queue.Writer.TryWrite(job);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var slots = new SemaphoreSlim(Math.Max(1, options.Value.Webhooks.Concurrency));
        var running = new List<Task>();
        try
        {
            await foreach (var job in _queue.Reader.ReadAllAsync(stoppingToken))
            {
                await slots.WaitAsync(stoppingToken);
                running.RemoveAll(t => t.IsCompleted);
                running.Add(Task.Run(async () =>
                {
                    try { await DeliverAsync(job, stoppingToken); }
                    finally { slots.Release(); }
                }, CancellationToken.None));
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        await Task.WhenAll(running);
    }

    internal async Task DeliverAsync(WebhookJob job, CancellationToken cancellationToken)
    {
        var settings = options.Value.Webhooks;
        var tenant = grains.GetGrain<IManagementTenantGrain>(IManagementTenantGrain.KeyFor(job.TenantId));
        var delay = settings.FirstRetryDelay;
        for (var attempt = 1; attempt <= Math.Max(1, settings.MaxAttempts); attempt++)
        {
            var timestamp = clock.GetUtcNow().ToUnixTimeMilliseconds();
            WebhookDispatch? dispatch;
            try
            {
                dispatch = await tenant.SignWebhookAsync(job.Kind, job.Body, timestamp);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogWarning(e, "Webhook of tenant {TenantId} could not be signed", job.TenantId);
                dispatch = null;
                if (attempt == settings.MaxAttempts) return;
                await Task.Delay(delay, clock, cancellationToken);
                delay *= 2;
                continue;
            }
            if (dispatch is null) return; // the tenant has no URL for this kind

            var outcome = await PostAsync(dispatch, job, timestamp, cancellationToken);
            if (outcome == Outcome.Delivered) return;
            if (outcome == Outcome.Rejected || attempt == settings.MaxAttempts)
            {
                log.LogWarning("Webhook {Event} of tenant {TenantId} not delivered to {Host} after {Attempts} attempt(s)", job.Event, job.TenantId, HostOf(dispatch.Url), attempt);
                return;
            }
            await Task.Delay(delay, clock, cancellationToken);
            delay *= 2;
        }
    }

    private async Task<Outcome> PostAsync(WebhookDispatch dispatch, WebhookJob job, long timestamp, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, dispatch.Url)
        {
            Content = new StringContent(job.Body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add(TimestampHeader, timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add(SignatureHeader, "sha256=" + dispatch.Signature);
        request.Headers.Add(EventHeader, job.Event);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Value.Webhooks.Timeout);
        try
        {
            using var response = await http.CreateClient(HttpClientName).SendAsync(request, timeout.Token);
            if (response.IsSuccessStatusCode) return Outcome.Delivered;
            var status = (int)response.StatusCode;
            return status is 408 or 429 or >= 500 ? Outcome.Retry : Outcome.Rejected;
        }
        catch (Exception e) when (e is HttpRequestException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            log.LogInformation("Webhook {Event} of tenant {TenantId} to {Host} failed: {Reason}", job.Event, job.TenantId, HostOf(dispatch.Url), e.Message);
            return Outcome.Retry;
        }
    }

    private static WebhookJob? Job(ManagementEvent e) => e switch
    {
        AgentStateChanged s => new WebhookJob(e.TenantId, WebhookKind.ExtensionStatus, "extStatus", Serialize(new ExtensionStatusBody("extStatus", e.At.ToUnixTimeMilliseconds(), ExtensionRecordWire.From(s.Agent)))),
        CallTaskProgress p => new WebhookJob(e.TenantId, WebhookKind.TaskStatus, "callTaskStatus",
            Serialize(new TaskBody("callTaskStatus", e.At.ToUnixTimeMilliseconds(), p.ProjectCode, ManagementPushes.TaskProgressPayload(p)))),
        CallTaskStatusChanged t => new WebhookJob(e.TenantId, WebhookKind.TaskStatus, "task",
            Serialize(new TaskBody("task", e.At.ToUnixTimeMilliseconds(), t.ProjectCode, t.Task))),
        _ => null,
    };

    private static string Serialize<T>(T value) => JsonSerializer.Serialize(value, EdgeJson.Options);

    private static string HostOf(string url) => Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri.Host : "?";

    private enum Outcome { Delivered, Retry, Rejected }

    private sealed record ExtensionStatusBody(string @event, long timestamp, ExtensionRecordWire extension);

    private sealed record TaskBody(string @event, long timestamp, string projectCode, object task);
}

/// <summary>One notification to deliver.</summary>
public sealed record WebhookJob(string TenantId, WebhookKind Kind, string Event, string Body);
