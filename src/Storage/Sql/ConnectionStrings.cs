using System.Data.Common;

namespace CallCenter.Storage.Sql;

/// <summary>Connection strings as they may appear in logs and exception messages: every secret removed.</summary>
public static class ConnectionStrings
{
    private static readonly string[] SecretKeys = ["password", "pwd", "passfile", "ssl password", "sslpassword", "sslkey", "ssl key"];

    /// <summary>Returns <paramref name="connectionString"/> without passwords or key material; an unparsable string is
    /// replaced entirely rather than risk echoing a secret.</summary>
    public static string Redact(string? connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString)) return "";
        DbConnectionStringBuilder builder;
        try
        {
            builder = new DbConnectionStringBuilder { ConnectionString = connectionString };
        }
        catch (ArgumentException)
        {
            return "(unparsable connection string)";
        }
        foreach (var key in builder.Keys.Cast<string>().ToList())
        {
            if (SecretKeys.Contains(key.Trim(), StringComparer.OrdinalIgnoreCase)) builder[key] = "***";
        }
        return builder.ConnectionString;
    }
}
