using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;

namespace CallCenter.Edge.Management.Http;

/// <summary>What the strong signature covers of a request, each part already in canonical form.</summary>
public sealed record SignedRequestParts(string Method, string Path, string Query, string BodySha256);

/// <summary>
/// The strong scheme of the management API (<c>sign-method: HMAC-SHA256</c>): <c>sign</c> = lower- or upper-case hex of
/// HMAC-SHA256, keyed with the account's secret (UTF-8), over the lines
/// <c>HMAC-SHA256 \n account \n timestamp \n METHOD \n path \n query \n hex(SHA-256(body))</c>. Path and query are
/// canonical so that proxies re-encoding them do not break signatures: the path percent-decoded, then every byte other
/// than RFC 3986 unreserved characters and <c>/</c> encoded as upper-case <c>%XX</c>; the query's parameters except
/// <c>sign</c> decoded (<c>+</c> is a space), encoded the same way, sorted by name then value, joined as
/// <c>name=value</c> with <c>&amp;</c>. docs/management-api.md gives an example.
/// </summary>
public static class HmacRequestSignature
{
    public const string Method = "HMAC-SHA256";
    public const string MethodHeader = "sign-method";

    /// <summary>STOMP CONNECT has no HTTP request to cover: it signs this fixed one.</summary>
    public static SignedRequestParts StompConnect { get; } = new("STOMP", "/callcenter/ws", "", Sha256Hex([]));

    public static string Canonical(string account, string timestamp, SignedRequestParts parts)
        => string.Join('\n', Method, account, timestamp, parts.Method, parts.Path, parts.Query, parts.BodySha256);

    /// <summary>The parts of <paramref name="http"/>'s request. Reads (and buffers, for the endpoint) the body.</summary>
    public static async Task<SignedRequestParts> FromRequestAsync(HttpContext http, long maxBodyBytes)
    {
        var request = http.Request;
        var target = http.Features.Get<IHttpRequestFeature>()?.RawTarget is { Length: > 0 } raw && raw[0] == '/' ? raw : (request.PathBase + request.Path).ToUriComponent() + request.QueryString;
        var q = target.IndexOf('?');
        var path = q < 0 ? target : target[..q];
        var query = q < 0 ? "" : target[(q + 1)..];

        // As ManagementParameters would: uploads may be larger and set their own limit.
        if (request.HasFormContentType && request.ContentType?.StartsWith("multipart/", StringComparison.OrdinalIgnoreCase) != true
            && http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit) limit.MaxRequestBodySize = maxBodyBytes;
        request.EnableBuffering();
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(buffer, http.RequestAborted)) > 0) hash.AppendData(buffer, 0, read);
        request.Body.Position = 0;
        return new SignedRequestParts(request.Method.ToUpperInvariant(), Encode(Uri.UnescapeDataString(path), keepSlash: true), CanonicalQuery(query), Convert.ToHexStringLower(hash.GetHashAndReset()));
    }

    public static string CanonicalQuery(string query)
    {
        var pairs = new List<(string Name, string Value)>();
        foreach (var pair in new QueryStringEnumerable(query))
        {
            var name = pair.DecodeName().ToString();
            if (name == "sign") continue;
            pairs.Add((Encode(name, keepSlash: false), Encode(pair.DecodeValue().ToString(), keepSlash: false)));
        }
        return string.Join('&', pairs.OrderBy(p => p.Name, StringComparer.Ordinal).ThenBy(p => p.Value, StringComparer.Ordinal).Select(p => p.Name + "=" + p.Value));
    }

    public static string Sha256Hex(ReadOnlySpan<byte> body) => Convert.ToHexStringLower(SHA256.HashData(body));

    private static string Encode(string text, bool keepSlash)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            var c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '~' || (keepSlash && c == '/')) builder.Append(c);
            else builder.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
        }
        return builder.ToString();
    }
}
