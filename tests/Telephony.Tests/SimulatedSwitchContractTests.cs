using CallCenter.Telephony.Recording;
using CallCenter.Telephony.Simulated;
using CallCenter.Time;

namespace CallCenter.Telephony.Tests;

/// <summary>The ISwitch contract, run on the simulated network with a virtual clock and WAVs in a temporary folder.</summary>
public sealed class SimulatedSwitchContractTests : SwitchContractTests
{
    private readonly VirtualClock _clock = new();
    private readonly string _recordingFolder = Path.Combine(Path.GetTempPath(), "cc-contract-" + Guid.NewGuid().ToString("N"));
    private SimulatedSwitch _network = null!;
    private LocalFolderBlobStore _recordings = null!;

    protected override Task<ISwitch> CreateSwitchAsync()
    {
        var options = new SimulatedNetworkOptions { Phones = PhoneAnswerPolicy.Manual() };
        options.Profiles[SimulatedNetworkOptions.DefaultProfileName] = PstnProfile.Manual();
        _recordings = new LocalFolderBlobStore(new LocalFolderBlobStoreOptions { Root = _recordingFolder });
        _network = new SimulatedSwitch(options, _clock, _recordings);
        return Task.FromResult<ISwitch>(_network);
    }

    protected override Task AdvanceAsync(TimeSpan by) => _clock.AdvanceAsync(by, _network.WhenIdleAsync);

    protected override Task RegisterPhoneAsync(string extension, string domain)
    {
        Assert.True(_network.RegisterPhone(extension, domain), $"{extension}@{domain} registers");
        return Task.CompletedTask;
    }

    protected override Task SetPhoneBusyAsync(string extension, string domain, bool busy)
    {
        Assert.True(_network.SetPhoneBusy(extension, domain, busy));
        return Task.CompletedTask;
    }

    protected override Task AnswerFarEndAsync(string legId)
    {
        Assert.True(_network.AnswerFarEnd(legId), $"leg {legId} can be answered");
        return Task.CompletedTask;
    }

    protected override Task HangupFarEndAsync(string legId)
    {
        Assert.True(_network.HangupFarEnd(legId), $"leg {legId} can hang up");
        return Task.CompletedTask;
    }

    protected override Task PressDigitsAsync(string legId, string digits)
    {
        Assert.True(_network.PressDigits(legId, digits));
        return Task.CompletedTask;
    }

    protected override async Task<bool> RecordingExistsAsync(string blobKey) => await _recordings.GetInfoAsync(blobKey) is not null;

    protected override async Task DisposeSwitchAsync(ISwitch telephony)
    {
        await base.DisposeSwitchAsync(telephony);
        if (Directory.Exists(_recordingFolder)) Directory.Delete(_recordingFolder, recursive: true);
    }
}
