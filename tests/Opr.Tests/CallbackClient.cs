using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace CallCenter.Opr.Tests;

/// <summary>
/// An operator client's own HTTP listener, as the original clients ran on port 8082: it receives pushes and answers
/// <c>{"status":"ok"}</c> — or fails the first <c>failures</c> requests with HTTP 500, or answers talk_to_opr with a response.
/// </summary>
public sealed class CallbackClient : IAsyncDisposable
{
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(30);

    private readonly WebApplication _app;
    private readonly Channel<JsonObject> _delivered = Channel.CreateUnbounded<JsonObject>();
    private readonly List<JsonObject> _all = [];
    private int _failuresLeft;
    private int _attempts;

    private CallbackClient(WebApplication app, int failures)
    {
        _app = app;
        _failuresLeft = failures;
    }

    public Uri Url { get; private set; } = null!;

    /// <summary>Requests received, failed ones included.</summary>
    public int Attempts => Volatile.Read(ref _attempts);

    /// <summary>Every push delivered successfully so far.</summary>
    public IReadOnlyList<JsonObject> Delivered
    {
        get { lock (_all) return _all.ToList(); }
    }

    /// <summary>What talk_to_opr pushes are answered with ("accept", "reject"), or null for a plain ok.</summary>
    public string? TalkResponse { get; set; }

    public static async Task<CallbackClient> StartAsync(int failures = 0)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var client = new CallbackClient(app, failures);
        app.MapPost("/{**path}", (Delegate)client.HandleAsync);
        await app.StartAsync();
        client.Url = new Uri(app.Urls.First() + "/");
        return client;
    }

    /// <summary>The next push delivered successfully (in delivery order).</summary>
    public async Task<JsonObject> NextAsync(Func<JsonObject, bool>? match = null)
    {
        using var guard = new CancellationTokenSource(HangGuard);
        while (true)
        {
            JsonObject push;
            try
            {
                push = await _delivered.Reader.ReadAsync(guard.Token);
            }
            catch (OperationCanceledException)
            {
                throw new Xunit.Sdk.XunitException("no matching push reached the callback listener");
            }
            if (match?.Invoke(push) ?? true) return push;
        }
    }

    private async Task<IResult> HandleAsync(HttpContext http)
    {
        Interlocked.Increment(ref _attempts);
        var body = JsonNode.Parse(await new StreamReader(http.Request.Body).ReadToEndAsync())!.AsObject();
        if (Interlocked.Decrement(ref _failuresLeft) >= 0) return Results.StatusCode(500);
        lock (_all) _all.Add(body);
        await _delivered.Writer.WriteAsync(body);
        if (body["msgType"]?.GetValue<string>() == "talk_to_opr" && TalkResponse is { } response)
            return Results.Json(new { status = "ok", response });
        return Results.Json(new { status = "ok" });
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
