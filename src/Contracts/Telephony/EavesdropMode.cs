namespace CallCenter.Telephony;

/// <summary>How a supervisor's leg joins another leg's conversation.</summary>
[GenerateSerializer, Alias("telephony.EavesdropMode")]
public enum EavesdropMode
{
    /// <summary>Hears both parties; nobody hears the listener.</summary>
    Listen,
    /// <summary>Hears both parties; only the target leg hears the listener (coaching).</summary>
    Whisper,
    /// <summary>Hears and is heard by both parties (barge-in).</summary>
    Barge,
}
