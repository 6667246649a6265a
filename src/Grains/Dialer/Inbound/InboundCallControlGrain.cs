using CallCenter.Dialer;
using CallCenter.Management;
using CallCenter.Management.Calls;
using CallCenter.Telephony;
using Microsoft.Extensions.Logging;

namespace CallCenter.Grains.Dialer.Inbound;

public sealed class InboundCallControlState
{
    public AgentCallInfo? Info { get; set; }
}

/// <summary>What an agent can do to an inbound task call; acts on the legs directly (the task sees the results as leg
/// events), so it never calls the task grain.</summary>
[GrainType("dialer-inbound-call")]
public sealed class InboundCallControlGrain(
    [PersistentState("call")] IPersistentState<InboundCallControlState> state,
    ISwitch telephony,
    ILogger<InboundCallControlGrain> log) : Grain, IInboundCallControlGrain
{
    public Task<AgentCallInfo?> GetAsync() => Task.FromResult(state.State.Info);

    public async Task UpdateAsync(AgentCallInfo? info)
    {
        if (info is null || info.State == AgentCallState.Ended)
        {
            await state.ClearStateAsync();
            state.State = new InboundCallControlState();
            return;
        }
        state.State.Info = info;
        await state.WriteStateAsync();
    }

    public async Task<ManagementResult> HangupAsync(string username, bool satisfactionSurvey)
    {
        if (state.State.Info is not { } call || call.Username != username || call.AgentLegId is null) return ManagementResult.Fail(ManagementError.CallNotFound);
        try
        {
            await telephony.HangupAsync(call.AgentLegId);
        }
        catch (SwitchCommandException e)
        {
            log.LogDebug(e, "Inbound call {CallId}: agent leg already gone", call.CallId);
        }
        return ManagementResult.Success;
    }

    public Task<ManagementResult> TransferAsync(string fromUsername, string toUsername)
        => Task.FromResult(ManagementResult.Fail(ManagementError.CallStateInvalid, "task calls cannot be transferred yet"));

    public async Task<ManagementResult> PlayAsync(string username, string blobKey, bool stop)
    {
        if (state.State.Info is not { } call || call.Username != username || call.State != AgentCallState.Connected || call.CustomerLegId is null)
            return ManagementResult.Fail(ManagementError.CallStateInvalid);
        try
        {
            if (stop) await telephony.StopPlaybackAsync(call.CustomerLegId);
            else await telephony.PlayAsync(call.CustomerLegId, blobKey, mixed: true);
            return ManagementResult.Success;
        }
        catch (SwitchCommandException)
        {
            return ManagementResult.Fail(ManagementError.CallStateInvalid);
        }
    }
}
