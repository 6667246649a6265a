namespace CallCenter.Telephony.Simulated;

/// <summary>A provisioned extension as the network sees it (never the password).</summary>
public sealed record SimulatedPhoneInfo(
    string Extension,
    string Domain,
    string? DisplayName,
    bool Registered,
    string? Contact,
    bool Busy,
    bool DoNotDisturb,
    int ActiveLegs);
