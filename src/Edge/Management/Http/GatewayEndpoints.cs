using CallCenter.Edge.Tenancy;
using CallCenter.Management.Gateways;
using Microsoft.Extensions.Options;

namespace CallCenter.Edge.Management.Http;

/// <summary>/freeswitch/gateway/api/...: gateways (线路) and their live concurrency.</summary>
internal static class GatewayEndpoints
{
    private const string Base = "/gateway/api";

    public static void Map(RouteGroupBuilder freeswitch)
    {
        freeswitch.MapMethods(Base + "/add/v1", ["POST", "GET"], AddAsync);
        freeswitch.MapMethods(Base + "/update/v1", ["POST", "GET"], UpdateAsync);
        freeswitch.MapMethods(Base + "/getList/v1", ["GET", "POST"], GetListAsync);
        freeswitch.MapMethods(Base + "/getAvailableList/v1", ["GET", "POST"], GetAvailableListAsync);
    }

    private static async Task<IResult> AddAsync(HttpContext http, IGrainFactory grains, IOptions<ManagementOptions> options)
    {
        var p = await ManagementParameters.ReadAsync(http, options.Value.MaxBodyBytes);
        var settings = ReadSettings(p);
        // The spec's add has no gwCode (the server numbers lines); a client may still choose one.
        var code = p.OptionalCode("gwCode", IGatewayGrain.IsValidCode);
        var result = await Directory(http, grains).AddAsync(settings, code);
        return ManagementEnvelope.From(result, g => new { id = g.Id, gwCode = g.GwCode });
    }

    private static async Task<IResult> UpdateAsync(HttpContext http, IGrainFactory grains, IOptions<ManagementOptions> options)
    {
        var p = await ManagementParameters.ReadAsync(http, options.Value.MaxBodyBytes);
        var id = p.RequiredLong("id", 1);
        var code = p.RequiredCode("gwCode", IGatewayGrain.IsValidCode);
        var settings = ReadSettings(p);
        var result = await Directory(http, grains).UpdateAsync(id, code, settings);
        return ManagementEnvelope.From(result, g => new { id = g.Id, gwCode = g.GwCode });
    }

    private static async Task<IResult> GetListAsync(HttpContext http, IGrainFactory grains, IOptions<ManagementOptions> options)
    {
        var p = await ManagementParameters.ReadAsync(http, options.Value.MaxBodyBytes);
        var (page, size) = p.Paging(options.Value.MaxPageSize);
        var status = p.OptionalChoice("status", 0, 1);
        var id = p.OptionalLong("id", 1);
        var all = await Directory(http, grains).ListAsync(status, id);
        var items = all.Skip((page - 1) * size).Take(size).Select(ToListItem).ToList();
        return ManagementEnvelope.Ok(new { total = all.Count, items }, all.Count);
    }

    private static async Task<IResult> GetAvailableListAsync(HttpContext http, IGrainFactory grains, IOptions<ManagementOptions> options)
    {
        await ManagementParameters.ReadAsync(http, options.Value.MaxBodyBytes);
        var available = await Directory(http, grains).ListAvailableAsync();
        var items = available.Select(a => new
        {
            gwCode = a.Gateway.GwCode,
            gwName = a.Gateway.Settings.GwName,
            concurrency = a.Usage.Concurrency,
            usedConcurrency = a.Usage.UsedConcurrency,
            // -1: the gateway has no channel limit (no expectCount).
            availableConcurrency = a.Usage.AvailableConcurrency,
            remark = a.Gateway.Settings.Remark,
            returnVisit = a.Gateway.Settings.ReturnVisit,
        }).ToList();
        return ManagementEnvelope.Ok(items, items.Count);
    }

    private static GatewaySettings ReadSettings(ManagementParameters p) => new(
        GwName: p.Required("gwName", 128),
        RegisterType: p.RequiredChoice("registerType", 1, 2),
        Realm: ReadRealm(p),
        Status: p.RequiredChoice("status", 0, 1),
        ReturnVisit: p.RequiredChoice("returnVisit", 0, 1),
        OriginationCallId: p.Optional("originationCallId", 32),
        Codec: p.Optional("codec", 128),
        MobilePhonePrefix: ReadPrefix(p, "mobilePhonePrefix"),
        FixedPhonePrefix: ReadPrefix(p, "fixedPhonePrefix"),
        Username: p.Optional("username", 128),
        Password: p.Optional("password", 128),
        Remark: p.Optional("remark", 512),
        CallLimit: p.OptionalInt("callLimit", 0),
        BillType: p.OptionalChoice("billType", 1, 2),
        BillSec: p.OptionalInt("billsec", 0, 86_400),
        Price: p.OptionalDecimal("price"),
        ExpectCount: p.OptionalInt("expectCount", 0, 100_000),
        AccountBalance: p.OptionalDecimal("accountBalance", -1_000_000_000m),
        RechargedAmount: p.OptionalDecimal("rechargedAmount"));

    /// <summary>host[:port]: what the switch dials; no scheme, path or spaces.</summary>
    private static string ReadRealm(ManagementParameters p)
    {
        var realm = p.Required("realm", 255);
        if (realm.Any(c => char.IsWhiteSpace(c) || c is '/' or '@' or '\\' or ';'))
            throw new ManagementRequestException(ManagementCodes.BadFormat, "参数 realm 格式应为 host:port");
        return realm;
    }

    private static string? ReadPrefix(ManagementParameters p, string name)
    {
        var prefix = p.Optional(name, 16);
        if (prefix is not null && !prefix.All(c => char.IsAsciiDigit(c) || c is '*' or '#' or '+'))
            throw new ManagementRequestException(ManagementCodes.BadFormat, $"参数 {name} 只能包含数字");
        return prefix;
    }

    private static object ToListItem(GatewayInfo g) => new
    {
        id = g.Id,
        gwCode = g.GwCode,
        gwName = g.Settings.GwName,
        remark = g.Settings.Remark,
        registerType = g.Settings.RegisterType,
        realm = g.Settings.Realm,
        username = g.Settings.Username,
        originationCallId = g.Settings.OriginationCallId,
        codec = g.Settings.Codec,
        mobilePhonePrefix = g.Settings.MobilePhonePrefix,
        fixedPhonePrefix = g.Settings.FixedPhonePrefix,
        callLimit = g.Settings.CallLimit,
        billType = g.Settings.BillType,
        billsec = g.Settings.BillSec,
        price = g.Settings.Price,
        priceRule = g.PriceRule,
        status = g.Settings.Status,
        expectCount = g.Settings.ExpectCount,
        returnVisit = g.Settings.ReturnVisit,
        accountBalance = g.Settings.AccountBalance,
        rechargedAmount = g.Settings.RechargedAmount,
        concurrency = g.Concurrency,
        addTime = g.CreatedAt.ToUnixTimeMilliseconds(),
        updateTime = g.UpdatedAt.ToUnixTimeMilliseconds(),
    };

    private static IGatewayDirectoryGrain Directory(HttpContext http, IGrainFactory grains)
        => grains.GetGrain<IGatewayDirectoryGrain>(IGatewayDirectoryGrain.KeyFor(http.GetTenant().TenantId));
}
