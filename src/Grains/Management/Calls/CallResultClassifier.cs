using CallCenter.Management.CallLogs;
using CallCenter.Telephony;

namespace CallCenter.Grains.Management.Calls;

/// <summary>
/// Turns how a call ended into the spec's <c>result</c>/<c>resultDetail</c>, as the original derived them from the
/// switch's hang-up causes (wire-notes). Public so the dialer classifies its calls the same way.
/// </summary>
public static class CallResultClassifier
{
    /// <summary>The customer's leg never answered.</summary>
    public static (int Result, int Detail) CustomerNotReached(string? cause) => cause switch
    {
        HangupCauses.NoAnswer or HangupCauses.RecoveryOnTimerExpire => (CallResults.Failure, CallResultDetails.CustomerNoAnswer),
        HangupCauses.UserBusy or HangupCauses.NoUserResponse => (CallResults.Failure, CallResultDetails.CustomerBusy),
        HangupCauses.UnallocatedNumber or HangupCauses.IncompatibleDestination or HangupCauses.NormalTemporaryFailure => (CallResults.Failure, CallResultDetails.Rejected),
        _ => (CallResults.Failure, CallResultDetails.NotConnected),
    };

    /// <summary>Agent-first calls (the agent's phone rings before the customer is dialled) whose agent never answered:
    /// the customer was never called, so the call failed on the agent's side.</summary>
    public static (int Result, int Detail) AgentNotReached(string? cause) => cause switch
    {
        HangupCauses.NoAnswer or HangupCauses.RecoveryOnTimerExpire or HangupCauses.NoUserResponse or HangupCauses.OriginatorCancel
            => (CallResults.Failure, CallResultDetails.AgentNoAnswer),
        HangupCauses.UserBusy or HangupCauses.CallRejected or HangupCauses.UserNotRegistered
            => (CallResults.Failure, CallResultDetails.AgentBusy),
        _ => (CallResults.Failure, CallResultDetails.NotConnected),
    };

    /// <summary>Customer-first calls (predictive, inbound) whose customer answered but talked to no agent.</summary>
    public static (int Result, int Detail) NoAgentReached(bool customerHungUpWaiting, bool queueTimedOut) =>
        queueTimedOut ? (CallResults.Missed, CallResultDetails.QueueTimeout)
        : customerHungUpWaiting ? (CallResults.Missed, CallResultDetails.CustomerHungUpWaiting)
        : (CallResults.Missed, CallResultDetails.AllAgentsBusy);

    /// <summary>Agent and customer talked.</summary>
    public static (int Result, int Detail) Connected(bool agentHungUpFirst)
        => (CallResults.Success, agentHungUpFirst ? CallResultDetails.AgentHungUp : CallResultDetails.CustomerHungUp);
}
