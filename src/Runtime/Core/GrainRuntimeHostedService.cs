using Microsoft.Extensions.Hosting;

namespace CallCenter.Runtime.Core;

/// <summary>Starts reminders and idle collection with the host, and deactivates every grain when it stops.</summary>
internal sealed class GrainRuntimeHostedService(GrainRuntime runtime) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => runtime.StartAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => runtime.StopAsync(cancellationToken);
}
