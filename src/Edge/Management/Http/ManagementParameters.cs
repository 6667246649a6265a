using System.Globalization;
using System.Text.Json;
using CallCenter.Edge.Json;
using Microsoft.AspNetCore.Http.Features;

namespace CallCenter.Edge.Management.Http;

/// <summary>
/// The parameters of a management request, from the query string and the body alike: the spec sends
/// <c>application/x-www-form-urlencoded</c>, many clients send JSON, uploads come as <c>multipart/form-data</c>. Body
/// values win over query values. Readers throw <see cref="ManagementRequestException"/> with the validation code that
/// names what is wrong, so handlers read what they need and nothing reaches a grain unchecked.
/// </summary>
public sealed class ManagementParameters
{
    private readonly Dictionary<string, string> _values;

    private ManagementParameters(Dictionary<string, string> values, IFormFileCollection? files)
    {
        _values = values;
        Files = files;
    }

    /// <summary>Files of a multipart body (uploads), else null.</summary>
    public IFormFileCollection? Files { get; }

    public static async Task<ManagementParameters> ReadAsync(HttpContext http, long maxBodyBytes)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        IFormFileCollection? files = null;
        var request = http.Request;
        if (request.ContentLength > maxBodyBytes) throw new ManagementRequestException(ManagementCodes.BodyTooLarge, "请求体过大");
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit) limit.MaxRequestBodySize = maxBodyBytes;

        var mediaType = request.ContentType is { } contentType ? contentType.Split(';')[0].Trim().ToLowerInvariant() : "";
        try
        {
            if (mediaType == "application/x-www-form-urlencoded")
            {
                UrlEncodedReader.Read(await ReadBodyAsync(request.Body, maxBodyBytes, http.RequestAborted), values);
            }
            else if (request.HasFormContentType)
            {
                var form = await request.ReadFormAsync(http.RequestAborted);
                foreach (var (key, value) in form)
                {
                    if (value.Count > 1) throw new ManagementRequestException(ManagementCodes.MalformedBody, $"参数 {key} 重复");
                    if (value.Count > 0 && value[0] is { } v) values.TryAdd(key, v);
                }
                if (form.Files.Count > 0) files = form.Files;
            }
            else if (mediaType.EndsWith("json", StringComparison.Ordinal) || mediaType.EndsWith("+json", StringComparison.Ordinal))
            {
                await ReadJsonAsync(request.Body, values, maxBodyBytes, http.RequestAborted);
            }
            else if (request.ContentLength is > 0 || (request.ContentLength is null && request.Headers.TransferEncoding.Count > 0))
            {
                throw new ManagementRequestException(ManagementCodes.MalformedBody, $"不支持的 Content-Type: {Short(request.ContentType ?? "")}");
            }
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            throw new ManagementRequestException(ManagementCodes.BodyTooLarge, "请求体过大");
        }
        catch (InvalidDataException)
        {
            // The form reader's own limits (value length, key count).
            throw new ManagementRequestException(ManagementCodes.MalformedBody, "请求体格式错误");
        }
        catch (IOException) when (!http.RequestAborted.IsCancellationRequested)
        {
            throw new ManagementRequestException(ManagementCodes.MalformedBody, "请求体格式错误");
        }

        // Query values fill in what the body does not say (GET endpoints carry everything there).
        UrlEncodedReader.ReadQuery(request.QueryString.Value, values);
        return new ManagementParameters(values, files);
    }

    private static async Task<byte[]> ReadBodyAsync(Stream body, long maxBodyBytes, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await body.CopyToAsync(buffer, cancellationToken);
        if (buffer.Length > maxBodyBytes) throw new ManagementRequestException(ManagementCodes.BodyTooLarge, "请求体过大");
        return buffer.ToArray();
    }

    private static async Task ReadJsonAsync(Stream body, Dictionary<string, string> values, long maxBodyBytes, CancellationToken cancellationToken)
    {
        var bytes = await ReadBodyAsync(body, maxBodyBytes, cancellationToken);
        if (bytes.Length == 0) return;
        JsonDocument document;
        try
        {
            document = StrictJson.ParseDocument(bytes, maxDepth: 16);
        }
        catch (StrictJsonException e)
        {
            throw new ManagementRequestException(ManagementCodes.MalformedBody, e.Problem.Kind switch
            {
                StrictJsonProblemKind.DuplicateKey => $"参数 {e.Problem.Key} 重复",
                StrictJsonProblemKind.InvalidUtf8 => $"请求体不是有效的 UTF-8 编码（第 {e.Problem.Offset} 字节）",
                _ => "JSON 格式错误",
            });
        }
        catch (JsonException)
        {
            throw new ManagementRequestException(ManagementCodes.MalformedBody, "JSON 格式错误");
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object) throw new ManagementRequestException(ManagementCodes.MalformedBody, "JSON 请求体必须是对象");
            foreach (var property in document.RootElement.EnumerateObject())
            {
                // Numbers keep their text, strings their value; objects and arrays (callGWs) their JSON.
                var value = property.Value.ValueKind switch
                {
                    JsonValueKind.String => property.Value.GetString(),
                    JsonValueKind.Null or JsonValueKind.Undefined => null,
                    JsonValueKind.True => "true",
                    JsonValueKind.False => "false",
                    _ => property.Value.GetRawText(),
                };
                if (value is not null) values.TryAdd(property.Name, value);
            }
        }
    }

    public string? Optional(string name, int maxLength = 256)
    {
        if (!_values.TryGetValue(name, out var value)) return null;
        value = value.Trim();
        if (value.Length == 0) return null;
        if (value.Length > maxLength) throw Bad(ManagementCodes.BadFormat, name, $"长度不能超过 {maxLength}");
        if (value.Any(char.IsControl)) throw Bad(ManagementCodes.BadFormat, name, "含有控制字符");
        return value;
    }

    public string Required(string name, int maxLength = 256)
        => Optional(name, maxLength) ?? throw new ManagementRequestException(ManagementCodes.MissingParameter, $"缺少参数 {name}");

    /// <summary>A code-like value (project code, extension, gateway code) checked with <paramref name="valid"/>.</summary>
    public string? OptionalCode(string name, Func<string, bool> valid)
    {
        var value = Optional(name, 128);
        if (value is not null && !valid(value)) throw Bad(ManagementCodes.BadFormat, name, "格式不正确");
        return value;
    }

    public string RequiredCode(string name, Func<string, bool> valid)
        => OptionalCode(name, valid) ?? throw new ManagementRequestException(ManagementCodes.MissingParameter, $"缺少参数 {name}");

    public long? OptionalLong(string name, long min = long.MinValue, long max = long.MaxValue)
    {
        var text = Optional(name, 32);
        if (text is null) return null;
        // "100" and 100 alike (the original's clients send numbers as strings); "100.0" too, from JSON numbers.
        if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            if (!decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var d) || d != decimal.Truncate(d) || d < long.MinValue || d > long.MaxValue)
                throw Bad(ManagementCodes.NotANumber, name, "必须是整数");
            value = (long)d;
        }
        if (value < min || value > max) throw Bad(ManagementCodes.ValueNotAllowed, name, $"必须在 {min} 到 {max} 之间");
        return value;
    }

    public int? OptionalInt(string name, int min = int.MinValue, int max = int.MaxValue) => (int?)OptionalLong(name, min, max);

    public int RequiredInt(string name, int min = int.MinValue, int max = int.MaxValue)
        => OptionalInt(name, min, max) ?? throw new ManagementRequestException(ManagementCodes.MissingParameter, $"缺少参数 {name}");

    public long RequiredLong(string name, long min = long.MinValue, long max = long.MaxValue)
        => OptionalLong(name, min, max) ?? throw new ManagementRequestException(ManagementCodes.MissingParameter, $"缺少参数 {name}");

    /// <summary>An integer that must be one of <paramref name="allowed"/>.</summary>
    public int? OptionalChoice(string name, params int[] allowed)
    {
        var value = OptionalInt(name);
        if (value is { } v && !allowed.Contains(v)) throw Bad(ManagementCodes.ValueNotAllowed, name, $"只能是 {string.Join("/", allowed)}");
        return value;
    }

    public int RequiredChoice(string name, params int[] allowed)
        => OptionalChoice(name, allowed) ?? throw new ManagementRequestException(ManagementCodes.MissingParameter, $"缺少参数 {name}");

    public decimal? OptionalDecimal(string name, decimal min = 0, decimal max = 1_000_000_000m)
    {
        var text = Optional(name, 32);
        if (text is null) return null;
        if (!decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var value)) throw Bad(ManagementCodes.NotANumber, name, "必须是数字");
        if (value < min || value > max) throw Bad(ManagementCodes.ValueNotAllowed, name, $"必须在 {min} 到 {max} 之间");
        return value;
    }

    /// <summary>A date-time as epoch milliseconds, ISO 8601, or "yyyy-MM-dd HH:mm:ss" / "yyyy-MM-dd" in the tenants' local
    /// time.</summary>
    public DateTimeOffset? OptionalTime(string name, TimeSpan localOffset)
    {
        var text = Optional(name, 40);
        if (text is null) return null;
        if (text.All(char.IsAsciiDigit) && text.Length <= 15 && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var ms))
            return DateTimeOffset.FromUnixTimeMilliseconds(ms);
        string[] local = ["yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm", "yyyy-MM-dd", "yyyy/MM/dd HH:mm:ss", "yyyy/MM/dd"];
        if (DateTime.TryParseExact(text, local, CultureInfo.InvariantCulture, DateTimeStyles.None, out var plain))
            return new DateTimeOffset(plain, localOffset);
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var iso) && (text.Contains('T') || text.Contains('+') || text.EndsWith('Z')))
            return iso;
        throw Bad(ManagementCodes.BadDateTime, name, "时间格式应为毫秒时间戳或 yyyy-MM-dd HH:mm:ss");
    }

    /// <summary>pageNum (from 1, default 1) and pageSize (1 to <paramref name="maxPageSize"/>, default 10).</summary>
    public (int Page, int Size) Paging(int maxPageSize)
    {
        int page, size;
        try
        {
            page = OptionalInt("pageNum") ?? 1;
            size = OptionalInt("pageSize") ?? 10;
        }
        catch (ManagementRequestException e) when (e.Code == ManagementCodes.NotANumber)
        {
            throw new ManagementRequestException(ManagementCodes.BadPaging, e.Message);
        }
        if (page < 1) throw new ManagementRequestException(ManagementCodes.BadPaging, "pageNum 必须从 1 开始");
        if (size < 1 || size > maxPageSize) throw new ManagementRequestException(ManagementCodes.BadPaging, $"pageSize 必须在 1 到 {maxPageSize} 之间");
        return (page, size);
    }

    /// <summary>A dialled number: digits with an optional leading '+', and '*' '#' for service codes; 3 to 32 long.</summary>
    public string RequiredPhone(string name)
    {
        var value = Required(name, 64);
        if (!IsPhoneNumber(value)) throw Bad(ManagementCodes.BadPhoneNumber, name, "号码格式不正确");
        return value;
    }

    public static bool IsPhoneNumber(string value)
        => value.Length is >= 3 and <= 32 && value.Select((c, i) => char.IsAsciiDigit(c) || c is '*' or '#' || (c == '+' && i == 0)).All(ok => ok);

    private static ManagementRequestException Bad(int code, string name, string what) => new(code, $"参数 {name} {what}");

    private static string Short(string value) => value.Length > 40 ? value[..40] + "…" : value;
}
