using System.Text.Json.Nodes;
using CallCenter.Edge.Dialects;

namespace CallCenter.Edge.Opr;

/// <summary>The operator console's only failure shape, <c>{"status":"failed","reason":"…"}</c>, as the original answered
/// every refusal. HTTP 200 (clients read the status field), except 413 for an oversized body and 401 when no tenant
/// could be resolved.</summary>
public sealed class OprErrorShape : IDialectErrorShape
{
    public IResult Render(DialectFailure failure) => failure.Kind switch
    {
        FailureKind.TooLarge => OprReplies.Json(OprReplies.Failed(failure.Reason), StatusCodes.Status413PayloadTooLarge),
        FailureKind.TooManyRequests => new RetryAfterResult(OprReplies.Json(OprReplies.Failed(failure.Reason), StatusCodes.Status429TooManyRequests), failure.RetryAfter),
        FailureKind.Unauthenticated => OprReplies.Json(OprReplies.Failed(failure.Reason), StatusCodes.Status401Unauthorized),
        _ => OprReplies.Json(OprReplies.Failed(failure.Reason)),
    };
}
