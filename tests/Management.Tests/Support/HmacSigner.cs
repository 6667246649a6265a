using System.Security.Cryptography;
using System.Text;

namespace CallCenter.Management.Tests.Support;

/// <summary>
/// The strong signature as a client computes it from docs/management-api.md, written apart from the server's code so
/// that the tests check the documented scheme, not the implementation against itself.
/// </summary>
public static class HmacSigner
{
    /// <summary>The request's signature; <paramref name="request"/>'s URI may be relative (to http://localhost/).</summary>
    public static async Task<string> SignAsync(HttpRequestMessage request, string account, string timestamp, string secret)
    {
        var uri = request.RequestUri!.IsAbsoluteUri ? request.RequestUri : new Uri(new Uri("http://localhost/"), request.RequestUri);
        var body = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync();
        return Sign(secret, account, timestamp, request.Method.Method, uri.AbsolutePath, uri.Query.TrimStart('?'), body);
    }

    public static string Sign(string secret, string account, string timestamp, string method, string path, string query, byte[] body)
    {
        var canonical = string.Join("\n", "HMAC-SHA256", account, timestamp, method.ToUpperInvariant(), Encode(Uri.UnescapeDataString(path), true), Query(query),
            Convert.ToHexStringLower(SHA256.HashData(body)));
        return Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(canonical)));
    }

    private static string Query(string query)
    {
        if (query.Length == 0) return "";
        var pairs = query.Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2))
            .Select(p => (Name: Decode(p[0]), Value: p.Length > 1 ? Decode(p[1]) : ""))
            .Where(p => p.Name != "sign")
            .Select(p => (Name: Encode(p.Name, false), Value: Encode(p.Value, false)))
            .OrderBy(p => p.Name, StringComparer.Ordinal).ThenBy(p => p.Value, StringComparer.Ordinal);
        return string.Join("&", pairs.Select(p => p.Name + "=" + p.Value));
    }

    private static string Decode(string s) => Uri.UnescapeDataString(s.Replace('+', ' '));

    private static string Encode(string s, bool keepSlash)
    {
        var b = new StringBuilder();
        foreach (var x in Encoding.UTF8.GetBytes(s))
        {
            var c = (char)x;
            if (c is >= 'A' and <= 'Z' or >= 'a' and <= 'z' or >= '0' and <= '9' or '-' or '.' or '_' or '~' || (keepSlash && c == '/')) b.Append(c);
            else b.Append('%').Append(x.ToString("X2"));
        }
        return b.ToString();
    }
}
