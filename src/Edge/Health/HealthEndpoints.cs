using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CallCenter.Edge.Health;

internal static class HealthEndpoints
{
    /// <summary><c>GET /healthz</c>: 200 with <c>{"status":"Healthy",...}</c> when every check passes, 503 otherwise.</summary>
    public static void MapHealth(this IEndpointRouteBuilder app)
        => app.MapHealthChecks("/healthz", new HealthCheckOptions { ResponseWriter = WriteAsync });

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
