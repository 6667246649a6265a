using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace CallCenter.Management.Tests.Support;

/// <summary>A loopback HTTP listener for the SSRF tests: records every request's path; <c>/redirect</c> answers 307 to
/// <see cref="RedirectTarget"/>, anything else 200.</summary>
public sealed class RedirectingReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<string> _paths = new();

    private RedirectingReceiver(WebApplication app) => _app = app;

    public int Port { get; private set; }

    /// <summary>Where <c>/redirect</c> sends the client.</summary>
    public string RedirectTarget { get; set; } = "";

    public IReadOnlyList<string> Paths => _paths.ToList();

    public static async Task<RedirectingReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new RedirectingReceiver(app);
        app.Run(http =>
        {
            receiver._paths.Enqueue(http.Request.Path.Value ?? "");
            if (http.Request.Path == "/redirect")
            {
                http.Response.StatusCode = StatusCodes.Status307TemporaryRedirect;
                http.Response.Headers.Location = receiver.RedirectTarget;
                return Task.CompletedTask;
            }
            http.Response.StatusCode = StatusCodes.Status200OK;
            return Task.CompletedTask;
        });
        await app.StartAsync();
        receiver.Port = new Uri(app.Urls.First()).Port;
        return receiver;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
