namespace CallCenter.Telephony.FreeSwitch;

/// <summary>
/// Guards the values that are spliced into FreeSWITCH command lines. API arguments are separated by spaces, dial
/// strings by commas and braces, inline dialplans by our '^' delimiter; a value carrying any of those (or a line break,
/// which would end the command) could rewrite the command, so it is refused with a clear error rather than escaped.
/// </summary>
internal static class CommandArgument
{
    /// <summary>Leg ids, gateway and profile names, hang-up causes: one plain token.</summary>
    public static string Token(string value, string what)
    {
        Require(value, what);
        foreach (var c in value)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
            {
                throw Invalid(value, what, "only letters, digits, '-', '_' and '.' are allowed");
            }
        }
        return value;
    }

    /// <summary>Phone numbers and extensions: digits and the few symbols a dial plan passes through.</summary>
    public static string Number(string value, string what)
    {
        Require(value, what);
        foreach (var c in value)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '+' or '*' or '#' or '-' or '_' or '.'))
            {
                throw Invalid(value, what, "only letters, digits and + * # - _ . are allowed");
            }
        }
        return value;
    }

    /// <summary>SIP domains.</summary>
    public static string Domain(string value, string what)
    {
        Require(value, what);
        foreach (var c in value)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or ':'))
            {
                throw Invalid(value, what, "not a host name");
            }
        }
        return value;
    }

    /// <summary>File paths, prompt URLs, conference names, regular expressions: anything without whitespace or the
    /// characters that delimit dial strings and inline dialplans.</summary>
    public static string Word(string value, string what)
    {
        Require(value, what);
        foreach (var c in value)
        {
            if (char.IsWhiteSpace(c) || char.IsControl(c) || c is '\'' or '"' or '^' or ',' or '{' or '}')
            {
                throw Invalid(value, what, "whitespace, quotes, '^', ',' and braces are not allowed");
            }
        }
        return value;
    }

    /// <summary>An argument of a space-separated application argument list sent as a sendmsg header (the digit
    /// pattern): anything but whitespace and control characters.</summary>
    public static string SpaceFree(string value, string what)
    {
        Require(value, what);
        if (value.Any(c => char.IsWhiteSpace(c) || char.IsControl(c))) throw Invalid(value, what, "whitespace is not allowed");
        return value;
    }

    /// <summary>Conference names also must not contain the '@' and '+' that separate profile and flags.</summary>
    public static string ConferenceName(string value) =>
        Word(value, "conference name").IndexOfAny(['@', '+', '|', '[', ']']) >= 0
            ? throw Invalid(value, "conference name", "'@', '+', '|' and brackets are not allowed")
            : value;

    /// <summary>A blob key: relative, '/'-separated, no "." or ".." segments (it becomes a path on the switch).</summary>
    public static string BlobKey(string value)
    {
        Word(value, "blob key");
        if (value.StartsWith('/') || value.Contains('\\') || value.Split('/').Any(s => s is "" or "." or ".."))
        {
            throw Invalid(value, "blob key", "must be a relative '/'-separated path without empty, '.' or '..' segments");
        }
        return value;
    }

    /// <summary>A channel-variable value inside <c>{...}</c>: commas are escaped, values with spaces single-quoted.</summary>
    public static string VariableValue(string value, string name)
    {
        foreach (var c in value)
        {
            if (char.IsControl(c) || c is '\'' or '{' or '}' or '^' or '[' or ']')
            {
                throw Invalid(value, $"value of variable {name}", "control characters, quotes, '^', braces and brackets are not allowed");
            }
        }
        var escaped = value.Replace(",", "\\,", StringComparison.Ordinal);
        return escaped.Contains(' ') ? $"'{escaped}'" : escaped;
    }

    public static string VariableName(string value) => Token(value, "variable name");

    private static void Require(string value, string what)
    {
        if (string.IsNullOrEmpty(value)) throw new ArgumentException($"{what} must not be empty", what);
    }

    private static ArgumentException Invalid(string value, string what, string rule) =>
        new($"invalid {what} '{EslHeaderBlock.Preview(value)}': {rule}", what);
}
