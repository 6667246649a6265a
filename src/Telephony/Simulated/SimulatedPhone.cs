namespace CallCenter.Telephony.Simulated;

/// <summary>A provisioned SIP extension and the phone that may register for it.</summary>
internal sealed class SimulatedPhone(string extension, string domain, int ordinal)
{
    public string Extension { get; } = extension;
    public string Domain { get; } = domain;

    /// <summary>Stable per phone, so contacts are the same on every run.</summary>
    public int Ordinal { get; } = ordinal;

    /// <summary>Secret: compared on REGISTER, never logged or listed.</summary>
    public string Password { get; set; } = "";
    public string? DisplayName { get; set; }
    public bool Provisioned { get; set; } = true;
    public bool Registered { get; set; }
    public string? Contact { get; set; }
    public bool Busy { get; set; }
    public bool DoNotDisturb { get; set; }
    public PhoneAnswerPolicy? Policy { get; set; }
    public int ActiveLegs { get; set; }

    public static string Key(string extension, string domain) => string.Concat(extension, "@", domain.ToLowerInvariant());

    public SimulatedPhoneInfo ToInfo() => new(Extension, Domain, DisplayName, Registered, Contact, Busy, DoNotDisturb, ActiveLegs);
}
