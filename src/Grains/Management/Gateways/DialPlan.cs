namespace CallCenter.Grains.Management.Gateways;

/// <summary>Which of a gateway's prefixes a number gets: mainland mobile numbers (11 digits starting with 1) take the
/// mobile prefix, everything else the fixed-line prefix.</summary>
internal static class DialPlan
{
    public static bool IsMobile(string number) => number.Length == 11 && number[0] == '1' && number.All(char.IsAsciiDigit);

    public static string PrefixFor(string number, string? mobilePrefix, string? fixedPrefix)
        => (IsMobile(number) ? mobilePrefix : fixedPrefix) ?? "";
}
