namespace CallCenter.Telephony;

/// <summary>Parameters of a DTMF collection (FreeSWITCH <c>play_and_get_digits</c>); the result arrives as
/// <see cref="DigitsCollected"/>.</summary>
[GenerateSerializer, Immutable, Alias("telephony.DigitCollection")]
public sealed record DigitCollection(
    string? Prompt,
    int MinDigits = 1,
    int MaxDigits = 1,
    TimeSpan? Timeout = null,
    string Terminators = "#",
    int Tries = 1,
    string? InvalidPrompt = null,
    string ValidDigitsRegex = @"\d+");
