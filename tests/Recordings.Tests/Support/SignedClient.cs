using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace CallCenter.Recordings.Tests.Support;

/// <summary>Signed management requests (MD5(account + timestamp + secret)) as a back office sends them, on real time.</summary>
public sealed class SignedClient(HttpClient http, string account, string secret)
{
    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, params (string Key, string Value)[] fields)
    {
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        var query = method == HttpMethod.Get && fields.Length > 0 ? "?" + string.Join("&", fields.Select(f => $"{Uri.EscapeDataString(f.Key)}={Uri.EscapeDataString(f.Value)}")) : "";
        var request = new HttpRequestMessage(method, path.TrimStart('/') + query);
        if (method != HttpMethod.Get) request.Content = new FormUrlEncodedContent(fields.Select(f => new KeyValuePair<string, string>(f.Key, f.Value)));
        request.Headers.Add("account", account);
        request.Headers.Add("timestamp", timestamp);
        request.Headers.Add("sign", Convert.ToHexString(MD5.HashData(Encoding.UTF8.GetBytes(account + timestamp + secret))));
        return await http.SendAsync(request);
    }

    /// <summary>The envelope of a JSON answer: reqResult.code and data.</summary>
    public async Task<(int Code, JsonElement Data)> JsonAsync(HttpMethod method, string path, params (string Key, string Value)[] fields)
    {
        using var response = await SendAsync(method, path, fields);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        return (body.GetProperty("reqResult").GetProperty("code").GetInt32(), body.TryGetProperty("data", out var data) ? data.Clone() : default);
    }
}
