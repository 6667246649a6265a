using CallCenter.Telephony.Recording;
using CallCenter.Telephony.Simulated;
using CallCenter.Telephony.Tests;
using CallCenter.Time;
using Microsoft.Extensions.Options;

namespace CallCenter.Telephony.FreeSwitch.Tests;

/// <summary>
/// The shared ISwitch contract suite, run through the whole FreeSWITCH path: <see cref="FreeSwitchSwitch"/> → the
/// event socket (TCP on loopback) → the fake FreeSWITCH → <see cref="SimulatedFreeSwitch"/> → the simulated network,
/// and back as text/event-json. Time is the simulator's virtual clock; "settled" means the simulator is idle, a round
/// trip over the socket has passed every event it wrote, and the driver's pump has delivered them.
/// </summary>
public sealed class FreeSwitchDriverContractTests : SwitchContractTests
{
    private VirtualClock _clock = null!;
    private SimulatedSwitch _network = null!;
    private InMemoryBlobStore _recordings = null!;
    private InMemoryFreeSwitchDirectory _directory = null!;
    private SimulatedFreeSwitch _front = null!;
    private FakeFreeSwitchServer _server = null!;
    private EventSocketClient _client = null!;
    private FreeSwitchSwitch _driver = null!;

    protected override async Task<ISwitch> CreateSwitchAsync()
    {
        _clock = new VirtualClock();
        _recordings = new InMemoryBlobStore(_clock);
        var network = new SimulatedNetworkOptions { Phones = PhoneAnswerPolicy.Manual() };
        // Far ends only act when told to; every number exists and is never busy by chance.
        network.Profiles[SimulatedNetworkOptions.DefaultProfileName] = PstnProfile.Manual();
        _network = new SimulatedSwitch(network, _clock, _recordings);
        _directory = new InMemoryFreeSwitchDirectory();
        var options = new FreeSwitchOptions
        {
            Host = "127.0.0.1",
            Password = "ClueCon",
            CommandTimeout = TimeSpan.FromSeconds(10),
            ReconnectInitialDelay = TimeSpan.FromMilliseconds(20),
            ReconnectMaxDelay = TimeSpan.FromMilliseconds(200),
        };
        _front = new SimulatedFreeSwitch(_network, _directory, options);
        _server = new FakeFreeSwitchServer(_front);
        _front.Server = _server;
        options.Port = _server.Port;
        _client = new EventSocketClient(Options.Create(options));
        _driver = new FreeSwitchSwitch(_client, _directory);
        await _driver.StartAsync();
        await _server.WaitForSessionAsync(1);
        await _server.WaitForCommandAsync(c => c.ApiCommand == "show channels as json");
        await SettleAsync();
        return _driver;
    }

    protected override Task AdvanceAsync(TimeSpan by) => _clock.AdvanceAsync(by, SettleAsync);

    protected override async Task RegisterPhoneAsync(string extension, string domain)
    {
        // What FreeSWITCH does on REGISTER: look the user up through mod_xml_curl, then accept the phone.
        var credentials = await _directory.FindExtensionAsync(extension, domain) ?? throw new InvalidOperationException($"{extension}@{domain} is not in the directory");
        await _network.ProvisionExtensionAsync(credentials);
        Assert.True(_network.RegisterPhone(extension, domain, credentials.Password));
    }

    protected override Task SetPhoneBusyAsync(string extension, string domain, bool busy)
    {
        _network.SetPhoneBusy(extension, domain, busy);
        return Task.CompletedTask;
    }

    protected override Task AnswerFarEndAsync(string legId)
    {
        _network.AnswerFarEnd(legId);
        return Task.CompletedTask;
    }

    protected override Task HangupFarEndAsync(string legId)
    {
        _network.HangupFarEnd(legId);
        return Task.CompletedTask;
    }

    protected override Task PressDigitsAsync(string legId, string digits)
    {
        _network.PressDigits(legId, digits);
        return Task.CompletedTask;
    }

    protected override async Task<bool> RecordingExistsAsync(string blobKey) => await _recordings.GetInfoAsync(blobKey) is not null;

    protected override async Task DisposeSwitchAsync(ISwitch telephony)
    {
        await _driver.DisposeAsync();
        await _server.DisposeAsync();
        _front.Dispose();
        await _network.DisposeAsync();
    }

    private async Task SettleAsync()
    {
        var guard = TimeSpan.FromSeconds(20);
        await _network.WhenIdleAsync().WaitAsync(guard);
        await _client.ApiAsync("status").WaitAsync(guard);
        await _driver.WhenEventsDeliveredAsync().WaitAsync(guard);
    }
}
