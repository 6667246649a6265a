using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace CallCenter.Management.Tests.Support;

/// <summary>A management-API client as customers' back offices are: MD5(account + timestamp + secret) in the headers,
/// form-urlencoded bodies (or JSON), timestamps from the silo's clock (virtual in most tests). Each timestamp is later
/// than the one before, as a real client's would be: the virtual clock stands still between steps, and the server
/// refuses a signature it has already seen (replay protection).</summary>
public sealed class SignedApi(HttpClient http, string account, string secret, Func<DateTimeOffset> now)
{
    // Shared by every SignedApi of the same silo (HTTP client), whatever the account: some tests make a second one, and
    // some sign for one account with another's timestamps.
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<HttpClient, StrongBox> LastTimestamps = new();

    private sealed class StrongBox
    {
        public long Value;
    }

    private readonly StrongBox _last = LastTimestamps.GetOrCreateValue(http);

    public string Account => account;

    /// <summary>Sign with HMAC-SHA256 over the request (the strong scheme) instead of MD5.</summary>
    public bool Hmac { get; set; }

    public static string Sign(string account, long timestamp, string secret, bool upper = true)
    {
        var hash = MD5.HashData(Encoding.UTF8.GetBytes(account + timestamp + secret));
        return upper ? Convert.ToHexString(hash) : Convert.ToHexStringLower(hash);
    }

    public long Timestamp()
    {
        var clock = now().ToUnixTimeMilliseconds();
        while (true)
        {
            var last = Interlocked.Read(ref _last.Value);
            var next = Math.Max(clock, last + 1);
            if (Interlocked.CompareExchange(ref _last.Value, next, last) == last) return next;
        }
    }

    public Task<ApiResponse> PostAsync(string path, params (string Key, string Value)[] fields)
        => SendAsync(HttpMethod.Post, path, new FormUrlEncodedContent(fields.Select(f => new KeyValuePair<string, string>(f.Key, f.Value))));

    public Task<ApiResponse> PostJsonAsync(string path, object body)
        => SendAsync(HttpMethod.Post, path, new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json"));

    public Task<ApiResponse> GetAsync(string path, params (string Key, string Value)[] query)
    {
        var q = query.Length == 0 ? "" : "?" + string.Join("&", query.Select(p => $"{Uri.EscapeDataString(p.Key)}={Uri.EscapeDataString(p.Value)}"));
        return SendAsync(HttpMethod.Get, path + q, null);
    }

    /// <summary>Sends with explicit signature parts (null: leave out), for the authentication tests.</summary>
    public async Task<ApiResponse> SendAsync(HttpMethod method, string path, HttpContent? content, string? accountHeader = "", string? timestampHeader = "", string? signHeader = "")
    {
        var timestamp = Timestamp();
        using var request = new HttpRequestMessage(method, path.TrimStart('/')) { Content = content };
        var a = accountHeader == "" ? account : accountHeader;
        var t = timestampHeader == "" ? timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture) : timestampHeader;
        var s = signHeader != "" ? signHeader
            : Hmac ? await HmacSigner.SignAsync(request, account, timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture), secret)
            : Sign(account, timestamp, secret);
        if (a is not null) request.Headers.Add("account", a);
        if (t is not null) request.Headers.Add("timestamp", t);
        if (s is not null) request.Headers.Add("sign", s);
        if (Hmac) request.Headers.Add("sign-method", "HMAC-SHA256");
        using var response = await http.SendAsync(request);
        return await ApiResponse.ReadAsync(response);
    }

    public async Task<ApiResponse> SendRawAsync(HttpRequestMessage request)
    {
        using var response = await http.SendAsync(request);
        return await ApiResponse.ReadAsync(response);
    }
}

/// <summary>An HTTP answer of the management API: status, raw body, and the envelope's parts.</summary>
public sealed record ApiResponse(HttpStatusCode Status, string Body, string? ContentType)
{
    public static async Task<ApiResponse> ReadAsync(HttpResponseMessage response)
        => new(response.StatusCode, await response.Content.ReadAsStringAsync(), response.Content.Headers.ContentType?.ToString());

    public JsonElement Json => JsonDocument.Parse(Body).RootElement;

    public int Code => Json.GetProperty("reqResult").GetProperty("code").GetInt32();

    public string Message => Json.GetProperty("reqResult").GetProperty("msg").GetString()!;

    public JsonElement Data => Json.GetProperty("data");

    public override string ToString() => $"{(int)Status} {Body}";
}
