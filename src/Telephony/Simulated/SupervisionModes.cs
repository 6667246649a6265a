namespace CallCenter.Telephony.Simulated;

internal static class SupervisionModes
{
    public static SupervisionMode From(EavesdropMode mode) => mode switch
    {
        EavesdropMode.Listen => SupervisionMode.Listen,
        EavesdropMode.Whisper => SupervisionMode.Whisper,
        EavesdropMode.Barge => SupervisionMode.Barge,
        _ => throw new ArgumentOutOfRangeException(nameof(mode)),
    };

    /// <summary>The target leg hears the supervisor.</summary>
    public static bool TargetHears(this SupervisionMode mode) => mode != SupervisionMode.Listen;

    /// <summary>Everyone the target talks to hears the supervisor too.</summary>
    public static bool PartiesHear(this SupervisionMode mode) => mode is SupervisionMode.Barge or SupervisionMode.ThreeWay;
}
