using Microsoft.Extensions.Hosting;

namespace CallCenter.Telephony.FreeSwitch;

/// <summary>Starts the driver with the host and says goodbye to FreeSWITCH when it stops. Start does not wait for the
/// connection: a control plane must come up even while its media server is down, and reconnects on its own.</summary>
internal sealed class FreeSwitchConnectionService(FreeSwitchSwitch freeSwitch) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => freeSwitch.StartAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => freeSwitch.StopAsync(cancellationToken);
}
