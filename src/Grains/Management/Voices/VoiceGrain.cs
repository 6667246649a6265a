using CallCenter.Management;
using CallCenter.Management.Voices;
using CallCenter.Telephony;

namespace CallCenter.Grains.Management.Voices;

public sealed class VoiceState
{
    public VoiceInfo? Voice { get; set; }
}

[GrainType("mgmt-voice")]
public sealed class VoiceGrain([PersistentState("voice")] IPersistentState<VoiceState> state, IBlobStore blobs, TimeProvider clock) : Grain, IVoiceGrain
{
    private string TenantId => ManagementKeys.TenantOf(this.GetPrimaryKeyString());

    private string Code => ManagementKeys.VoiceCode(this.GetPrimaryKeyString());

    public Task<VoiceInfo?> GetAsync() => Task.FromResult(state.State.Voice);

    public async Task<ManagementResult<VoiceInfo>> RegisterAsync(string blobKey, string? sourceKey)
    {
        // A tenant's voices live under its own prefix: a key naming another tenant's blob is refused like a missing one.
        if (!blobKey.StartsWith(TenantId + "/", StringComparison.Ordinal)) return ManagementResult<VoiceInfo>.Fail(ManagementError.VoiceNotFound);
        if (await blobs.GetInfoAsync(blobKey) is null) return ManagementResult<VoiceInfo>.Fail(ManagementError.VoiceNotFound, "no such file in the store");
        state.State.Voice = new VoiceInfo(TenantId, Code, blobKey, sourceKey, clock.GetUtcNow());
        await state.WriteStateAsync();
        return ManagementResult<VoiceInfo>.Success(state.State.Voice);
    }
}
