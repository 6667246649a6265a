using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Threading.Channels;

namespace CallCenter.Management.Tests.Support;

/// <summary>A tenant's back office receiving webhooks: records each POST and answers with the next queued status
/// (200 when none is queued). With <see cref="SigningKey"/> set it checks every request's signature, as a back office
/// would, and records the result.</summary>
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

    /// <summary>The tenant's signing key (base64); when set, each request's signature is verified.</summary>
    public string? SigningKey { get; set; }

    /// <summary>Whether <paramref name="hook"/> carries a valid signature under <paramref name="key"/> (base64).</summary>
    public static bool SignatureValid(ReceivedWebhook hook, string key)
    {
        if (!hook.Headers.TryGetValue("X-CallCenter-Timestamp", out var timestamp) || !hook.Headers.TryGetValue("X-CallCenter-Signature", out var signature)) return false;
        var expected = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Convert.FromBase64String(key), Encoding.UTF8.GetBytes(timestamp + "." + hook.Body)));
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(signature));
    }

    /// <summary>The next <paramref name="times"/> requests whose body matches are answered with <paramref name="status"/>.</summary>
    public void Fail(Func<string, bool> match, int status, int times)
    {
        lock (_failures)
        {
            for (var i = 0; i < times; i++) _failures.Add((match, status));
        }
    }

    /// <summary>
    /// Calls <paramref name="pump"/> (e.g. advance virtual time) until a request matching <paramref name="match"/> has
    /// arrived; others are skipped. The guard only stops a hang: it is a round count, not a timing assertion.
    /// </summary>
    public async Task<ReceivedWebhook> NextAsync(Func<ReceivedWebhook, bool> match, Func<Task> pump, int maxRounds = 600)
    {
        for (var round = 0; round < maxRounds; round++)
        {
            if (TryNext(match, out var hook)) return hook;
            await pump();
            if (TryNext(match, out hook)) return hook;
            await Task.Delay(10);
        }
        throw new TimeoutException($"no matching webhook after {maxRounds} rounds");
    }

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
            var received = new ReceivedWebhook(context.Request.Url!.AbsolutePath, headers, body, status);
            if (SigningKey is { } key) received = received with { SignatureChecked = true, SignatureValid = SignatureValid(received, key) };
            _received.Writer.TryWrite(received);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        await _loop;
    }
}

public sealed record ReceivedWebhook(string Path, IReadOnlyDictionary<string, string> Headers, string Body, int AnsweredStatus)
{
    /// <summary>Whether the receiver had a key to check the signature with.</summary>
    public bool SignatureChecked { get; init; }

    public bool SignatureValid { get; init; }
}
