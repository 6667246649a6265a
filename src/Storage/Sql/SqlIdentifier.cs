using System.Buffers;

namespace CallCenter.Storage.Sql;

/// <summary>
/// Schema names, table prefixes and table names come from configuration and cannot be SQL parameters, so they are
/// checked against a strict alphabet here and always quoted; nothing else from outside is ever pasted into SQL.
/// </summary>
internal static class SqlIdentifier
{
    /// <summary>PostgreSQL truncates identifiers longer than this (NAMEDATALEN - 1), which would silently merge names.</summary>
    public const int MaxLength = 63;

    private static readonly SearchValues<char> Allowed = SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_");

    /// <summary>Throws unless <paramref name="value"/> is 1 to 63 letters, digits and underscores (quoted, so case is kept
    /// and a leading digit is fine).</summary>
    public static string Validate(string value, string what)
    {
        if (string.IsNullOrEmpty(value) || value.AsSpan().ContainsAnyExcept(Allowed))
            throw new ArgumentException($"{what} '{value}' is not a valid SQL identifier: use letters, digits and underscores.");
        if (value.Length > MaxLength)
            throw new ArgumentException($"{what} '{value}' is longer than {MaxLength} characters.");
        return value;
    }

    /// <summary>Like <see cref="Validate"/>, but empty is allowed (a prefix is glued in front of a name, which is checked again).</summary>
    public static string ValidatePrefix(string? value, string what)
    {
        value ??= "";
        if (value.AsSpan().ContainsAnyExcept(Allowed))
            throw new ArgumentException($"{what} '{value}' may contain only letters, digits and underscores.");
        return value;
    }

    public static string Quote(string validated) => "\"" + validated + "\"";
}
