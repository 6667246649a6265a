namespace CallCenter.Edge.Dialects;

/// <summary>What kind of refusal, independent of how a dialect spells it on the wire.</summary>
public enum FailureKind
{
    /// <summary>Who is calling could not be established (bad signature, unknown key, expired token).</summary>
    Unauthenticated,
    /// <summary>Known caller, but not allowed (other tenant's object, IP not on the allow-list).</summary>
    Forbidden,
    /// <summary>The request itself is wrong: malformed JSON, unknown message type, missing or wrong-typed field.</summary>
    BadRequest,
    /// <summary>The body exceeds the dialect's size limit.</summary>
    TooLarge,
    /// <summary>The named object does not exist (in this tenant).</summary>
    NotFound,
    /// <summary>Valid request that the current state does not allow (e.g. a board operation on an empty board).</summary>
    Rejected,
    /// <summary>Too many requests (a rate limit) or too many failed logins (a lock-out); retry after
    /// <see cref="DialectFailure.RetryAfter"/>.</summary>
    TooManyRequests,
    /// <summary>Something failed on our side; the reason is generic, the details are in the log.</summary>
    Internal,
}

/// <summary>A refusal on its way to a client: <see cref="Reason"/> is the clear, client-facing reason; <see cref="Code"/>
/// is the dialect's own numeric or string code when it has one; <see cref="RetryAfter"/> becomes a <c>Retry-After</c>
/// header.</summary>
public sealed record DialectFailure(FailureKind Kind, string Reason, string? Code = null, TimeSpan? RetryAfter = null)
{
    public static DialectFailure Unauthenticated(string reason) => new(FailureKind.Unauthenticated, reason);
    public static DialectFailure Forbidden(string reason) => new(FailureKind.Forbidden, reason);
    public static DialectFailure BadRequest(string reason, string? code = null) => new(FailureKind.BadRequest, reason, code);
    public static DialectFailure TooLarge(string reason) => new(FailureKind.TooLarge, reason);
    public static DialectFailure NotFound(string reason, string? code = null) => new(FailureKind.NotFound, reason, code);
    public static DialectFailure Rejected(string reason, string? code = null) => new(FailureKind.Rejected, reason, code);
    public static DialectFailure TooManyRequests(string reason, TimeSpan retryAfter) => new(FailureKind.TooManyRequests, reason, RetryAfter: retryAfter);
    public static DialectFailure Internal(string reason = "internal_error") => new(FailureKind.Internal, reason);
}
