namespace CallCenter.Runtime.Hosting;

/// <summary>Section "Telemetry": what every host (silo, edge) exports with OpenTelemetry.</summary>
public sealed class TelemetryOptions
{
    public const string SectionName = "Telemetry";

    /// <summary>The <c>service.name</c> resource attribute; a host sets its own default ("callcenter-silo").</summary>
    public string? ServiceName { get; set; }

    /// <summary>OTLP collector (e.g. <c>http://otel-collector:4317</c>). Unset: nothing is pushed. The standard
    /// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> variable is honoured too.</summary>
    public string? OtlpEndpoint { get; set; }

    /// <summary>OTLP transport: Grpc (default) or HttpProtobuf.</summary>
    public string OtlpProtocol { get; set; } = "Grpc";

    /// <summary>Serve the Prometheus text exposition at <see cref="PrometheusPath"/>.</summary>
    public bool PrometheusEnabled { get; set; } = true;

    public string PrometheusPath { get; set; } = "/metrics";

    /// <summary>Record ASP.NET Core request traces (exported over OTLP only).</summary>
    public bool Tracing { get; set; } = true;
}
