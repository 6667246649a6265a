using CallCenter.Edge.Dialects;

namespace CallCenter.Edge.Management.Http;

/// <summary>
/// How the management API refuses: a failed signature (or unknown/disabled tenant) is HTTP 401 with an empty body, as
/// the original answered; an address outside the tenant's allow-list is 403 with an empty body; everything else is the
/// envelope with its code.
/// </summary>
public sealed class ManagementErrorShape : IDialectErrorShape
{
    public IResult Render(DialectFailure failure) => failure.Kind switch
    {
        FailureKind.Unauthenticated => Results.StatusCode(StatusCodes.Status401Unauthorized),
        FailureKind.Forbidden => Results.StatusCode(StatusCodes.Status403Forbidden),
        FailureKind.TooLarge => ManagementEnvelope.Fail(ManagementCodes.BodyTooLarge, "请求体过大"),
        FailureKind.BadRequest => ManagementEnvelope.Fail(ParseCode(failure.Code, ManagementCodes.MalformedBody), failure.Reason),
        FailureKind.TooManyRequests => new RetryAfterResult(ManagementEnvelope.Fail(ManagementCodes.TooManyRequests, "请求过于频繁: " + failure.Reason, StatusCodes.Status429TooManyRequests), failure.RetryAfter),
        FailureKind.NotFound or FailureKind.Rejected => ManagementEnvelope.Fail(ParseCode(failure.Code, ManagementCodes.NothingDone), failure.Reason),
        _ => ManagementEnvelope.Fail(ManagementCodes.UnexpectedError, "系统错误"),
    };

    private static int ParseCode(string? code, int fallback)
        => int.TryParse(code, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var value) ? value : fallback;
}
