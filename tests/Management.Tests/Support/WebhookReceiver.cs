using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;

namespace CallCenter.Management.Tests.Support;

/// <summary>A tenant's back office receiving webhooks: records each POST and answers with the next queued status
/// (200 when none is queued).</summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Channel<ReceivedWebhook> _received = Channel.CreateUnbounded<ReceivedWebhook>();
    private readonly List<(Func<string, bool> Match, int Status)> _failures = [];
    private readonly Task _loop;

    public WebhookReceiver()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        Url = $"http://127.0.0.1:{port}/hooks/";
        _listener.Prefixes.Add(Url);
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    public string Url { get; }

    /// <summary>The first request whose body matches is answered with <paramref name="status"/>.</summary>
    public void FailOnce(Func<string, bool> match, int status)
    {
        lock (_failures) _failures.Add((match, status));
    }

    /// <summary>The next request matching <paramref name="match"/> (others are skipped).</summary>
    public async Task<ReceivedWebhook> NextAsync(Func<ReceivedWebhook, bool>? match = null)
    {
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            var next = await _received.Reader.ReadAsync(guard.Token);
            if (match?.Invoke(next) ?? true) return next;
        }
    }

    public bool TryNext(Func<ReceivedWebhook, bool> match, out ReceivedWebhook webhook)
    {
        while (_received.Reader.TryRead(out webhook!))
        {
            if (match(webhook)) return true;
        }
        return false;
    }

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try { context = await _listener.GetContextAsync(); }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException) { return; }
            using var reader = new StreamReader(context.Request.InputStream);
            var body = await reader.ReadToEndAsync();
            var headers = context.Request.Headers.AllKeys.Where(k => k is not null).ToDictionary(k => k!, k => context.Request.Headers[k]!, StringComparer.OrdinalIgnoreCase);
            var status = 200;
            lock (_failures)
            {
                var failure = _failures.FindIndex(f => f.Match(body));
                if (failure >= 0)
                {
                    status = _failures[failure].Status;
                    _failures.RemoveAt(failure);
                }
            }
            context.Response.StatusCode = status;
            context.Response.Close();
            _received.Writer.TryWrite(new ReceivedWebhook(context.Request.Url!.AbsolutePath, headers, body, status));
        }
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        await _loop;
    }
}

public sealed record ReceivedWebhook(string Path, IReadOnlyDictionary<string, string> Headers, string Body, int AnsweredStatus);
