using CallCenter.Runtime.Messaging;

namespace CallCenter.Runtime.Core;

/// <summary>
/// The activation whose turn the current code runs in. It flows with the async context, so it is still known after the
/// grain's awaits; calls made in a turn record the activation's running message as their caller (for the call chain in
/// timeout messages). Set once per slice of turns rather than per message, because each change of an async-local
/// allocates and that showed up as a tenth of the cost of a call.
/// </summary>
internal static class RuntimeContext
{
    private static readonly AsyncLocal<ActivationData?> Current = new();

    public static ActivationData? CurrentActivation
    {
        get => Current.Value;
        set => Current.Value = value;
    }

    /// <summary>The call being run by the current activation, if the current code runs in a turn of a call.</summary>
    public static GrainCall? CurrentCall => Current.Value?.RunningMessage as GrainCall;
}
