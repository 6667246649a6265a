using System.Text.Json.Serialization;
using CallCenter.Edge.Json;
using CallCenter.Management;

namespace CallCenter.Edge.Management.Http;

/// <summary>The management API's response: <c>{"reqResult":{"code":1,"msg":"成功"},"data":…,"total":…}</c>; list
/// endpoints add <c>total</c>, nulls are omitted.</summary>
public sealed record ManagementEnvelope(
    [property: JsonPropertyName("reqResult")] ReqResult ReqResult,
    [property: JsonPropertyName("data")] object? Data = null,
    [property: JsonPropertyName("total")] long? Total = null)
{
    public const string ContentType = "application/json;charset=UTF-8";

    public static IResult Ok(object? data = null, long? total = null)
        => Results.Json(new ManagementEnvelope(new ReqResult(ManagementCodes.Success, "成功"), data, total), EdgeJson.Options, ContentType);

    public static IResult Fail(int code, string message, int statusCode = StatusCodes.Status200OK)
        => Results.Json(new ManagementEnvelope(new ReqResult(code, message)), EdgeJson.Options, ContentType, statusCode);

    public static IResult Fail(ManagementError error, string? detail = null)
        => Fail(ManagementCodes.For(error), detail is null ? ManagementCodes.Message(error) : $"{ManagementCodes.Message(error)}: {detail}");

    /// <summary>Success with <paramref name="data"/>, or the failure's code and message.</summary>
    public static IResult From<T>(ManagementResult<T> result, Func<T, object?> data)
        => result.Ok ? Ok(data(result.Value!)) : Fail(result.Error, result.Detail);

    public static IResult From(ManagementResult result) => result.Ok ? Ok() : Fail(result.Error, result.Detail);
}

public sealed record ReqResult([property: JsonPropertyName("code")] int Code, [property: JsonPropertyName("msg")] string Msg);
