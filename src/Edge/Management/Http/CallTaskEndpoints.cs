using System.Globalization;
using System.Text.Json;
using CallCenter.Dialer;
using CallCenter.Edge.Json;
using CallCenter.Edge.Tenancy;
using CallCenter.Management;
using CallCenter.Management.Gateways;
using CallCenter.Management.Projects;
using Microsoft.Extensions.Options;

namespace CallCenter.Edge.Management.Http;

/// <summary>/callcenter/callTask/api/...: call tasks (the dialer). Translation only; the task grain decides.</summary>
internal static class CallTaskEndpoints
{
    private const string Base = "/callTask/api";

    public static void Map(RouteGroupBuilder callcenter)
    {
        callcenter.MapMethods(Base + "/submitCallTask/v1", ["POST", "GET"], SubmitAsync);
        callcenter.MapMethods(Base + "/callTaskStart/v1", ["POST", "GET"], (HttpContext h, IGrainFactory g, IOptions<ManagementOptions> o) => SimpleAsync(h, g, o, t => t.StartAsync()));
        callcenter.MapMethods(Base + "/callTaskPause/v1", ["POST", "GET"], (HttpContext h, IGrainFactory g, IOptions<ManagementOptions> o) => SimpleAsync(h, g, o, t => t.PauseAsync()));
        callcenter.MapMethods(Base + "/callTaskEnd/v1", ["POST", "GET"], (HttpContext h, IGrainFactory g, IOptions<ManagementOptions> o) => SimpleAsync(h, g, o, t => t.EndAsync()));
        callcenter.MapMethods(Base + "/setTaskConcurrent/v1", ["POST", "GET"], SetConcurrentAsync);
        callcenter.MapMethods(Base + "/callTaskStatus/v1", ["POST", "GET"], StatusAsync);
        callcenter.MapMethods(Base + "/callTaskAdditional/v1", ["POST", "GET"], AdditionalAsync);
        callcenter.MapMethods(Base + "/getCallList/v1", ["GET", "POST"], GetCallListAsync);
    }

    private static IDialTaskGrain Task(HttpContext http, IGrainFactory grains, string code) => grains.GetGrain<IDialTaskGrain>(DialerKeys.Task(http.GetTenant().TenantId, code));

    private static async Task<IResult> SubmitAsync(HttpContext http, IGrainFactory grains, IOptions<ManagementOptions> options)
    {
        var p = await ManagementParameters.ReadAsync(http, options.Value.MaxBodyBytes);
        var code = p.RequiredCode("callTaskCode", WireNames.IsTaskCode);
        var schedule = (ScheduleType)p.RequiredChoice("scheduleType", 1, 2, 3, 4, 5, 11);
        var callType = (TaskCallType)p.RequiredChoice("callType", 1, 2, 3);
        var gateways = Gateways(p);
        var listId = p.OptionalCode("callListId", ICallListGrain.IsValidId);
        var expired = p.OptionalTime("expiredTime", options.Value.LocalTimeOffset) ?? throw new ManagementRequestException(ManagementCodes.MissingParameter, "缺少参数 expiredTime");
        var project = p.RequiredCode("projectCode", IProjectGrain.IsValidCode);
        var rate = (double)(p.OptionalDecimal("rate", 0, 100) ?? throw new ManagementRequestException(ManagementCodes.MissingParameter, "缺少参数 rate"));
        var details = ResultDetails(p.Optional("originalResultDetail", 128));
        var original = p.OptionalCode("originalCallTaskCode", WireNames.IsTaskCode);
        var voice = p.OptionalCode("voiceCode", c => c.Length <= 64);
        var pacing = PacingFrom(p.Optional("pacingMode", 32));
        var cap = p.OptionalDecimal("abandonCap", 0, 1);
        var wrap = p.OptionalInt("wrapUpSeconds", 0, 3600);
        var daily = p.OptionalInt("dailyLimit", 1, 1000);
        // Inbound tasks (ours): the public numbers callers dial, and how long they wait for an agent.
        var inboundNumbers = InboundNumbers(p.Optional("inboundNumbers", 4096) ?? p.Optional("calledNumbers", 4096));
        var queueTimeout = p.OptionalInt("queueTimeout", 5, 3600);
        if (callType == TaskCallType.Inbound || schedule == ScheduleType.Inbound)
        {
            if (inboundNumbers is null) throw new ManagementRequestException(ManagementCodes.MissingParameter, "缺少参数 inboundNumbers");
        }
        else if (listId is null && (original is null || details is null))
            throw new ManagementRequestException(ManagementCodes.MissingParameter, "缺少参数 callListId（或重呼所需的 originalCallTaskCode 与 originalResultDetail）");
        var definition = new CallTaskDefinition(code, project, schedule, callType, gateways, rate, expired, listId, voice, original, details,
            pacing ?? (callType == TaskCallType.Predictive ? PacingMode.Predictive : PacingMode.Progressive), (double?)cap, wrap, daily, inboundNumbers, queueTimeout);
        return ManagementEnvelope.From(await Task(http, grains, code).SubmitAsync(definition));
    }

    private static async Task<IResult> SimpleAsync(HttpContext http, IGrainFactory grains, IOptions<ManagementOptions> options, Func<IDialTaskGrain, Task<ManagementResult>> action)
    {
        var p = await ManagementParameters.ReadAsync(http, options.Value.MaxBodyBytes);
        var code = p.RequiredCode("callTaskCode", WireNames.IsTaskCode);
        var result = await action(Task(http, grains, code));
        return result.Error == ManagementError.NothingDone ? ManagementEnvelope.Fail(ManagementCodes.NothingDone, ManagementCodes.Message(ManagementError.NothingDone)) : ManagementEnvelope.From(result);
    }

    private static async Task<IResult> SetConcurrentAsync(HttpContext http, IGrainFactory grains, IOptions<ManagementOptions> options)
    {
        var p = await ManagementParameters.ReadAsync(http, options.Value.MaxBodyBytes);
        var code = p.RequiredCode("callTaskCode", WireNames.IsTaskCode);
        var gateways = Gateways(p);
        var rate = (double)(p.OptionalDecimal("rate", 0, 100) ?? throw new ManagementRequestException(ManagementCodes.MissingParameter, "缺少参数 rate"));
        return ManagementEnvelope.From(await Task(http, grains, code).SetConcurrencyAsync(gateways, rate));
    }

    private static async Task<IResult> StatusAsync(HttpContext http, IGrainFactory grains, IOptions<ManagementOptions> options)
    {
        var p = await ManagementParameters.ReadAsync(http, options.Value.MaxBodyBytes);
        var code = p.RequiredCode("callTaskCode", WireNames.IsTaskCode);
        var result = await Task(http, grains, code).GetStatusAsync();
        return ManagementEnvelope.From(result, s => new
        {
            successCount = s.SuccessCount,
            failCount = s.FailCount,
            missCount = s.MissCount,
            // Ours beyond the spec's three counts.
            totalCount = s.TotalCount,
            rejectCount = s.RejectCount,
            runningCount = s.RunningCount,
            remainingCount = s.Remaining,
            skippedBlacklistCount = s.SkippedBlacklisted,
            skippedDailyLimitCount = s.SkippedDailyLimit,
            status = (int)s.Status,
            rate = s.Rate,
            pacingMode = s.Pacing.ToString(),
            resultDetails = s.ByResultDetail.ToDictionary(k => k.Key.ToString(CultureInfo.InvariantCulture), k => k.Value),
            statistics = StatisticsWire(s.Statistics),
            pacing = s.LastDecision is { } d ? PacingWire(d) : null,
        });
    }

    // Ours beyond the spec: camelCase like the rest of the envelope, not the records' CLR names.
    private static object StatisticsWire(DialerStatistics t) => new
    {
        answered = t.Answered,
        connected = t.Connected,
        abandoned = t.Abandoned,
        talkSeconds = t.TalkSeconds,
        wrapSeconds = t.WrapSeconds,
        waitMillisecondsTotal = t.WaitMillisecondsTotal,
        abandonRate24h = t.AbandonRate24h,
        abandonRate30d = t.AbandonRate30d,
        answerProbability = t.AnswerProbability,
        meanRingSeconds = t.MeanRingSeconds,
        meanTalkSeconds = t.MeanTalkSeconds,
    };

    private static object PacingWire(PacingSnapshot d) => new
    {
        at = d.At.ToUnixTimeMilliseconds(),
        mode = d.Mode.ToString(),
        idleAgents = d.IdleAgents,
        agentsOnCall = d.AgentsOnCall,
        pendingCalls = d.PendingCalls,
        waitingCustomers = d.WaitingCustomers,
        expectedAnswers = d.ExpectedAnswers,
        expectedFreeAgents = d.ExpectedFreeAgents,
        effectiveAbandonCap = d.EffectiveAbandonCap,
        wanted = d.Wanted,
        launched = d.Launched,
        reason = d.Reason,
    };

    private static async Task<IResult> AdditionalAsync(HttpContext http, IGrainFactory grains, IOptions<ManagementOptions> options)
    {
        var p = await ManagementParameters.ReadAsync(http, options.Value.MaxBodyBytes);
        var code = p.RequiredCode("callTaskCode", WireNames.IsTaskCode);
        var last = p.RequiredLong("callListLastId", 0);
        return ManagementEnvelope.From(await Task(http, grains, code).AdditionalAsync(last));
    }

    private static async Task<IResult> GetCallListAsync(HttpContext http, IGrainFactory grains, IOptions<ManagementOptions> options)
    {
        var p = await ManagementParameters.ReadAsync(http, options.Value.MaxBodyBytes);
        var code = p.RequiredCode("callTaskCode", WireNames.IsTaskCode);
        var count = p.RequiredInt("count", 1, 1000);
        var username = p.OptionalCode("username", WireNames.IsExtension);
        var result = await Task(http, grains, code).TakePreviewNumbersAsync(username, count);
        return ManagementEnvelope.From(result, numbers => new { items = numbers.Select(n => new { phone = n }).ToList() });
    }

    /// <summary>callGWs: a JSON array of {code, concurrency}, concurrency as a number or a numeric string.</summary>
    internal static IReadOnlyList<TaskGateway> Gateways(ManagementParameters p)
    {
        var text = p.Required("callGWs", 8192);
        var list = new List<TaskGateway>();
        try
        {
            using var doc = StrictJson.ParseDocument(text);
            var items = doc.RootElement.ValueKind == JsonValueKind.Array ? doc.RootElement.EnumerateArray().ToList() : [doc.RootElement];
            foreach (var item in items)
            {
                if (item.ValueKind != JsonValueKind.Object || !item.TryGetProperty("code", out var c)) throw Bad();
                var gwCode = c.ValueKind == JsonValueKind.Number ? c.GetRawText() : c.GetString();
                if (!IGatewayGrain.IsValidCode(gwCode)) throw Bad();
                if (!item.TryGetProperty("concurrency", out var cc)) throw Bad();
                int concurrency;
                if (cc.ValueKind == JsonValueKind.Number && cc.TryGetInt32(out var n)) concurrency = n;
                else if (cc.ValueKind == JsonValueKind.String && int.TryParse(cc.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var s)) concurrency = s;
                else throw Bad();
                if (concurrency is < 1 or > 100_000) throw Bad();
                if (list.Any(g => g.Code == gwCode)) throw Bad();
                list.Add(new TaskGateway(gwCode!, concurrency));
            }
        }
        catch (JsonException)
        {
            throw Bad();
        }
        if (list.Count == 0) throw Bad();
        return list;

        static ManagementRequestException Bad() => new(ManagementCodes.BadJsonValue, "参数 callGWs 格式应为 [{\"code\":\"1001\",\"concurrency\":100}]");
    }

    private static IReadOnlyList<int>? ResultDetails(string? text)
    {
        if (text is null) return null;
        var codes = new List<int>();
        foreach (var part in text.Split([',', ';', '|', ' '], StringSplitOptions.RemoveEmptyEntries))
        {
            if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var c) || !CallCenter.Management.CallLogs.CallResultDetails.All.Contains(c))
                throw new ManagementRequestException(ManagementCodes.ValueNotAllowed, "参数 originalResultDetail 不是有效的呼叫结果");
            codes.Add(c);
        }
        return codes;
    }

    /// <summary>inboundNumbers: a JSON array or a comma list of public numbers (digits, optional leading +).</summary>
    private static IReadOnlyList<string>? InboundNumbers(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        IEnumerable<string> parts;
        try
        {
            parts = text.TrimStart().StartsWith('[') ? JsonSerializer.Deserialize<List<string>>(text) ?? [] : text.Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries);
        }
        catch (JsonException)
        {
            throw new ManagementRequestException(ManagementCodes.BadJsonValue, "参数 inboundNumbers 格式应为号码列表");
        }
        var numbers = parts.Select(n => n.Trim()).Where(n => n.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        foreach (var n in numbers)
        {
            var digits = n.StartsWith('+') ? n[1..] : n;
            if (digits.Length is < 3 or > 32 || !digits.All(char.IsAsciiDigit))
                throw new ManagementRequestException(ManagementCodes.ValueNotAllowed, "参数 inboundNumbers 含有无效号码");
        }
        return numbers.Count == 0 ? null : numbers;
    }

    private static PacingMode? PacingFrom(string? text) => text?.ToLowerInvariant() switch
    {
        null => null,
        "1" or "progressive" => PacingMode.Progressive,
        "2" or "fixedratio" or "fixed" => PacingMode.FixedRatio,
        "3" or "predictive" => PacingMode.Predictive,
        _ => throw new ManagementRequestException(ManagementCodes.ValueNotAllowed, "参数 pacingMode 只能是 progressive/fixedRatio/predictive"),
    };
}
