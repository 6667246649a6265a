using System.Text.Json;
using CallCenter.Dialer;
using CallCenter.Edge.Json;
using CallCenter.Edge.Tenancy;
using Microsoft.Extensions.Options;

namespace CallCenter.Edge.Management.Http;

/// <summary>
/// Our extensions for the dialer, signed and enveloped like the spec's endpoints: number-list import (the spec names
/// callListId but has no way to load one) and the tenant blacklist (the management API has none).
/// </summary>
internal static class DialerExtensionEndpoints
{
    public static void Map(RouteGroupBuilder callcenter)
    {
        callcenter.MapMethods("/callList/api/import/v1", ["POST"], ImportAsync);
        callcenter.MapMethods("/blacklist/api/add/v1", ["POST", "GET"], (HttpContext h, IGrainFactory g, IOptions<ManagementOptions> o) => ChangeBlacklistAsync(h, g, o, add: true));
        callcenter.MapMethods("/blacklist/api/remove/v1", ["POST", "GET"], (HttpContext h, IGrainFactory g, IOptions<ManagementOptions> o) => ChangeBlacklistAsync(h, g, o, add: false));
        callcenter.MapMethods("/blacklist/api/getList/v1", ["GET", "POST"], ListBlacklistAsync);
    }

    /// <summary>
    /// callListId plus the numbers as <c>numbers</c> (a JSON array of strings or of {phone}, or a comma/newline separated
    /// string) or <c>csv</c> (text whose first column is the number; a header row is skipped) or a multipart <c>file</c>
    /// (CSV or JSON). Invalid numbers are rejected row by row; duplicates (within the import and against the list) are
    /// dropped. Answers the accepted id range so callTaskAdditional can be called with the list's previous last id.
    /// </summary>
    private static async Task<IResult> ImportAsync(HttpContext http, IGrainFactory grains, IOptions<ManagementOptions> options)
    {
        var p = await ManagementParameters.ReadAsync(http, options.Value.MaxBodyBytes);
        var listId = p.RequiredCode("callListId", ICallListGrain.IsValidId);
        var rows = new List<string>();
        if (p.Optional("numbers", options.Value.MaxBodyBytes) is { } numbers) rows.AddRange(ParseNumbers(numbers));
        if (p.Optional("csv", options.Value.MaxBodyBytes) is { } csv) rows.AddRange(ParseCsv(csv));
        if (p.Files?.GetFile("file") is { } file)
        {
            using var reader = new StreamReader(file.OpenReadStream());
            var text = await reader.ReadToEndAsync();
            rows.AddRange(text.TrimStart().StartsWith('[') ? ParseNumbers(text) : ParseCsv(text));
        }
        if (rows.Count == 0) throw new ManagementRequestException(ManagementCodes.MissingParameter, "缺少参数 numbers / csv / file");
        var accepted = new List<string>();
        var rejected = new List<object>();
        for (var i = 0; i < rows.Count; i++)
        {
            var number = rows[i].Trim().Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
            if (ManagementParameters.IsPhoneNumber(number)) accepted.Add(number);
            else rejected.Add(new { row = i + 1, value = rows[i].Length > 40 ? rows[i][..40] : rows[i], reason = "号码格式不正确" });
        }
        var list = grains.GetGrain<ICallListGrain>(DialerKeys.CallList(http.GetTenant().TenantId, listId));
        var previousLastId = await list.LastIdAsync();
        var result = await list.AppendAsync(accepted);
        return ManagementEnvelope.Ok(new
        {
            callListId = listId,
            accepted = result.Accepted,
            duplicates = result.Duplicates,
            rejectedCount = rejected.Count,
            rejected,
            previousLastId,
            firstId = result.FirstId,
            lastId = result.LastId,
            total = result.Total,
        });
    }

    private static IEnumerable<string> ParseNumbers(string text)
    {
        text = text.Trim();
        if (!text.StartsWith('[')) return text.Split([',', '\n', '\r', ';'], StringSplitOptions.RemoveEmptyEntries);
        try
        {
            using var doc = StrictJson.ParseDocument(text);
            return doc.RootElement.EnumerateArray().Select(e => e.ValueKind switch
            {
                JsonValueKind.String => e.GetString() ?? "",
                JsonValueKind.Number => e.GetRawText(),
                JsonValueKind.Object when e.TryGetProperty("phone", out var ph) => ph.ValueKind == JsonValueKind.String ? ph.GetString() ?? "" : ph.GetRawText(),
                _ => e.GetRawText(),
            }).ToList();
        }
        catch (JsonException)
        {
            throw new ManagementRequestException(ManagementCodes.BadJsonValue, "参数 numbers 不是有效的 JSON 数组");
        }
    }

    private static IEnumerable<string> ParseCsv(string text)
    {
        var lines = text.Split(['\n'], StringSplitOptions.None).Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0).ToList();
        if (lines.Count > 0 && !lines[0].Split(',')[0].Trim().Trim('"').Any(char.IsAsciiDigit)) lines.RemoveAt(0); // header
        return lines.Select(l => l.Split(',')[0].Trim().Trim('"'));
    }

    private static async Task<IResult> ChangeBlacklistAsync(HttpContext http, IGrainFactory grains, IOptions<ManagementOptions> options, bool add)
    {
        var p = await ManagementParameters.ReadAsync(http, options.Value.MaxBodyBytes);
        var numbers = ParseNumbers(p.Required("numbers", 65536)).Select(n => n.Trim()).ToList();
        if (numbers.FirstOrDefault(n => !ManagementParameters.IsPhoneNumber(n)) is { } bad)
            throw new ManagementRequestException(ManagementCodes.BadPhoneNumber, $"号码格式不正确: {(bad.Length > 40 ? bad[..40] : bad)}");
        var grain = grains.GetGrain<IBlacklistGrain>(DialerKeys.Blacklist(http.GetTenant().TenantId));
        var changed = add ? await grain.AddAsync(numbers) : await grain.RemoveAsync(numbers);
        return ManagementEnvelope.Ok(new { changed });
    }

    private static async Task<IResult> ListBlacklistAsync(HttpContext http, IGrainFactory grains, IOptions<ManagementOptions> options)
    {
        var p = await ManagementParameters.ReadAsync(http, options.Value.MaxBodyBytes);
        var (page, size) = p.Paging(options.Value.MaxPageSize);
        var result = await grains.GetGrain<IBlacklistGrain>(DialerKeys.Blacklist(http.GetTenant().TenantId)).ListAsync(page, size);
        return ManagementEnvelope.Ok(new { total = result.Total, items = result.Numbers.Select(n => new { phone = n }).ToList() }, result.Total);
    }
}
