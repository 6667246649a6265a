namespace CallCenter.Telephony.Simulated;

/// <summary>How a leg is attached to another leg's conversation without being bridged to it.</summary>
internal enum SupervisionMode
{
    Listen,
    Whisper,
    Barge,
    /// <summary>A third party joined by <see cref="ISwitch.ThreeWayAsync"/>: the same audio as barge.</summary>
    ThreeWay,
}
