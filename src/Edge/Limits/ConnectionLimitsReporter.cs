using Microsoft.Extensions.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;

namespace CallCenter.Edge.Limits;

/// <summary>Says at start-up which connection limits are in force, so an operator sizing the open-file limit (or
/// wondering why connections are refused) finds the figures in the log.</summary>
internal sealed class ConnectionLimitsReporter(IOptions<KestrelServerOptions> kestrel, ILogger<ConnectionLimitsReporter> log) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var limits = kestrel.Value.Limits;
        log.LogInformation("Connection limits: {MaxConnections} HTTP and {MaxUpgradedConnections} websocket connections (open-file limit {OpenFileLimit})",
            limits.MaxConcurrentConnections?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "unlimited",
            limits.MaxConcurrentUpgradedConnections?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "unlimited",
            OpenFileLimit.Current()?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "unknown");
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
