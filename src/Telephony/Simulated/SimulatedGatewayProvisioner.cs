using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace CallCenter.Telephony.Simulated;

/// <summary>Gives the simulated network the carrier trunks its configuration lists, before the control plane starts
/// placing calls (a real FreeSWITCH has its gateways from its own configuration).</summary>
internal sealed class SimulatedGatewayProvisioner(SimulatedSwitch network, IOptions<SimulatedNetworkOptions> options) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var gateway in options.Value.Gateways) await network.ProvisionGatewayAsync(gateway, cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
