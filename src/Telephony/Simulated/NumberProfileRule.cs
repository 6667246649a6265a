namespace CallCenter.Telephony.Simulated;

/// <summary>Numbers matching <see cref="Pattern"/> (a regular expression over the number as users see it, without any
/// dial prefix) behave as profile <see cref="Profile"/>, whichever gateway they are called through.</summary>
public sealed class NumberProfileRule
{
    public string Pattern { get; set; } = "";
    public string Profile { get; set; } = "";
}
