using System.Text.RegularExpressions;

namespace CallCenter.Opr;

/// <summary>
/// What the console accepts as ids and numbers. Ids become part of grain keys and conference names, so they are kept to a
/// small alphabet; numbers are what a switch can dial (digits, SIP user characters, * # +).
/// </summary>
public static partial class OprIds
{
    [GeneratedRegex("^[A-Za-z0-9_.-]{1,64}$", RegexOptions.CultureInvariant)]
    private static partial Regex IdPattern();

    [GeneratedRegex("^[A-Za-z0-9_.+*#-]{1,32}$", RegexOptions.CultureInvariant)]
    private static partial Regex PhonePattern();

    /// <summary>seatId, seatGroupNo, operatorId.</summary>
    public static bool IsValidId(string? id) => id is not null && IdPattern().IsMatch(id);

    public static bool IsValidPhone(string? phone) => phone is not null && PhonePattern().IsMatch(phone);
}
