using System.Collections.Concurrent;
using CallCenter.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace CallCenter.Silo.Tests;

/// <summary>OTLP export by configuration: with <c>Telemetry:OtlpEndpoint</c> set, metrics and request traces reach the
/// collector (here a minimal OTLP/HTTP receiver on loopback that records what is posted to it).</summary>
public sealed class OtlpExportTests
{
    [Fact]
    public async Task Metrics_and_traces_are_pushed_to_the_configured_collector()
    {
        var received = new ConcurrentDictionary<string, TaskCompletionSource>();
        TaskCompletionSource Arrival(string path) => received.GetOrAdd(path, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        var collectorBuilder = WebApplication.CreateSlimBuilder();
        collectorBuilder.WebHost.UseUrls("http://127.0.0.1:0");
        collectorBuilder.Logging.ClearProviders();
        await using var collector = collectorBuilder.Build();
        collector.MapPost("/v1/{signal}", async (string signal, HttpRequest request) =>
        {
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body);
            if (body.Length > 0 && request.ContentType == "application/x-protobuf") Arrival(signal).TrySetResult();
            return Results.Ok();
        });
        await collector.StartAsync();

        await using var silo = await TestSilo.StartAsync(new TestSiloOptions
        {
            DemoTenant = false,
            Settings =
            {
                ["Telemetry:OtlpEndpoint"] = collector.Urls.First(),
                ["Telemetry:OtlpProtocol"] = "HttpProtobuf",
                // Export often, so the test does not wait for the one-minute default.
                ["OTEL_METRIC_EXPORT_INTERVAL"] = "200",
                ["OTEL_BSP_SCHEDULE_DELAY"] = "100",
            },
        });
        Assert.Equal(System.Net.HttpStatusCode.OK, (await silo.Http.GetAsync("healthz")).StatusCode);
        await silo.Http.GetAsync("callcenter/ws/info");

        await Arrival("metrics").Task.WaitAsync(TimeSpan.FromSeconds(30));
        await Arrival("traces").Task.WaitAsync(TimeSpan.FromSeconds(30));
    }
}
