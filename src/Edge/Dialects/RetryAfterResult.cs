using System.Globalization;

namespace CallCenter.Edge.Dialects;

/// <summary>A dialect's refusal with the <c>Retry-After</c> header (whole seconds, at least 1) that well-behaved clients
/// and proxies honour.</summary>
public sealed class RetryAfterResult(IResult inner, TimeSpan? retryAfter) : IResult
{
    public Task ExecuteAsync(HttpContext httpContext)
    {
        if (retryAfter is { } wait)
            httpContext.Response.Headers.RetryAfter = Math.Max(1, (long)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        return inner.ExecuteAsync(httpContext);
    }
}
