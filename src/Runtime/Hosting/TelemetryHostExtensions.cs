using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace CallCenter.Runtime.Hosting;

/// <summary>
/// OpenTelemetry for a CallCenter host: the project's meters (every <c>CallCenter.*</c>), Orleans' own
/// (<c>Microsoft.Orleans</c>), ASP.NET Core's and the runtime's, scraped at <c>/metrics</c> and/or pushed over OTLP;
/// ASP.NET Core request traces over OTLP. All of it is configured in <see cref="TelemetryOptions"/>.
/// </summary>
public static class TelemetryHostExtensions
{
    /// <summary>Every meter the project defines starts with this (docs/operations.md lists them).</summary>
    public const string CallCenterMeters = "CallCenter.*";

    public const string OrleansMeter = "Microsoft.Orleans";

    public static IServiceCollection AddCallCenterTelemetry(this IServiceCollection services, IConfiguration configuration, string defaultServiceName)
    {
        var options = configuration.GetSection(TelemetryOptions.SectionName).Get<TelemetryOptions>() ?? new TelemetryOptions();
        services.AddOptions<TelemetryOptions>().Bind(configuration.GetSection(TelemetryOptions.SectionName));
        var otlp = options.OtlpEndpoint ?? configuration["OTEL_EXPORTER_OTLP_ENDPOINT"];
        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(options.ServiceName ?? defaultServiceName));
        telemetry.WithMetrics(metrics =>
        {
            metrics.AddMeter(CallCenterMeters, OrleansMeter, "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "System.Runtime");
            if (options.PrometheusEnabled) metrics.AddPrometheusExporter();
            if (!string.IsNullOrWhiteSpace(otlp)) metrics.AddOtlpExporter(o => Configure(o, otlp, options.OtlpProtocol, "v1/metrics"));
        });
        // Traces have nowhere to go without a collector; sampling them for nobody would only cost.
        if (options.Tracing && !string.IsNullOrWhiteSpace(otlp))
        {
            telemetry.WithTracing(tracing => tracing
                .AddAspNetCoreInstrumentation(o => o.Filter = http => !IsProbe(http.Request.Path, options))
                .AddSource(OrleansMeter, "Microsoft.Orleans.Runtime", "Microsoft.Orleans.Application")
                .AddOtlpExporter(o => Configure(o, otlp, options.OtlpProtocol, "v1/traces")));
        }
        return services;
    }

    /// <summary>Maps the Prometheus scrape endpoint when enabled.</summary>
    public static IEndpointConventionBuilder? MapCallCenterTelemetry(this WebApplication app)
    {
        var options = app.Configuration.GetSection(TelemetryOptions.SectionName).Get<TelemetryOptions>() ?? new TelemetryOptions();
        if (!options.PrometheusEnabled) return null;
        return app.MapPrometheusScrapingEndpoint(options.PrometheusPath)
            .WithDisplayName("Prometheus metrics")
            .WithTags("operations");
    }

    /// <summary>The endpoint is the collector's base address, as OTEL_EXPORTER_OTLP_ENDPOINT is; over HTTP each signal
    /// posts to its own path under it, which the exporter does not add to an endpoint set in code.</summary>
    private static void Configure(OtlpExporterOptions exporter, string endpoint, string protocol, string signalPath)
    {
        var http = string.Equals(protocol, "HttpProtobuf", StringComparison.OrdinalIgnoreCase);
        exporter.Protocol = http ? OtlpExportProtocol.HttpProtobuf : OtlpExportProtocol.Grpc;
        exporter.Endpoint = http && !endpoint.TrimEnd('/').EndsWith(signalPath, StringComparison.Ordinal)
            ? new Uri(endpoint.TrimEnd('/') + "/" + signalPath)
            : new Uri(endpoint);
    }

    private static bool IsProbe(PathString path, TelemetryOptions options)
        => path.StartsWithSegments(options.PrometheusPath) || path.StartsWithSegments("/healthz") || path.StartsWithSegments("/readyz");
}
