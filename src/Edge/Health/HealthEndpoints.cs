using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CallCenter.Edge.Health;

/// <summary>
/// The probes of every host that composes the edge: <c>GET /healthz</c> (liveness: the process serves HTTP; runs no
/// check, so a slow database never gets a healthy process restarted) and <c>GET /readyz</c> (readiness: every check
/// tagged <see cref="ReadyTag"/> passes — grains answer here; the silo adds storage and the switch connection). Both
/// answer <c>{"status","checks":{name:{status,description}}}</c>, 200 when healthy and 503 otherwise.
/// </summary>
public static class HealthEndpoints
{
    public const string ReadyTag = "ready";

    public static IHealthChecksBuilder AddReadinessCheck<T>(this IHealthChecksBuilder builder, string name) where T : class, IHealthCheck
        => builder.AddCheck<T>(name, HealthStatus.Unhealthy, [ReadyTag], TimeSpan.FromSeconds(10));

    internal static void MapHealth(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteAsync })
            .WithDisplayName("Liveness").WithSummary("Liveness: 200 while the process serves HTTP");
        app.MapHealthChecks("/readyz", new HealthCheckOptions { Predicate = c => c.Tags.Contains(ReadyTag), ResponseWriter = WriteAsync })
            .WithDisplayName("Readiness").WithSummary("Readiness: 200 when grains, storage and the switch connection answer, 503 otherwise");
    }

    private static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        var body = new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString(), description = e.Value.Description }),
        };
        return context.Response.WriteAsync(JsonSerializer.Serialize(body));
    }
}
