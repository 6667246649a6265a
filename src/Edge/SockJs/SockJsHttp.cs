using Microsoft.Net.Http.Headers;

namespace CallCenter.Edge.SockJs;

/// <summary>The response headers every SockJS URL needs: CORS (all transports work cross-origin), caching rules and the
/// optional JSESSIONID cookie for sticky load balancers.</summary>
internal static class SockJsHttp
{
    public const string NoCache = "no-store, no-cache, must-revalidate, max-age=0";
    private const int OneYearSeconds = 31_536_000;

    /// <summary>False if the request comes from a browser page whose origin is not allowed.</summary>
    public static bool IsOriginAllowed(HttpContext context, SockJsOptions options)
    {
        var origin = context.Request.Headers.Origin.ToString();
        if (string.IsNullOrEmpty(origin) || options.AllowedOrigins.Count == 0) return true;
        foreach (var allowed in options.AllowedOrigins)
        {
            if (allowed == "*" || string.Equals(allowed, origin, StringComparison.OrdinalIgnoreCase)) return true;
        }
        return false;
    }

    /// <summary>
    /// Echoes the page's origin with credentials allowed (so cookies flow), or "*" when there is none. A page loaded from
    /// file:// sends "null", which browsers treat as a refusal if echoed, hence "*" as well.
    /// </summary>
    public static void AddCors(HttpContext context)
    {
        var headers = context.Response.Headers;
        var origin = context.Request.Headers.Origin.ToString();
        headers.AccessControlAllowOrigin = string.IsNullOrEmpty(origin) || origin == "null" ? "*" : origin;
        headers.AccessControlAllowCredentials = "true";
        headers.Vary = HeaderNames.Origin;
        var requested = context.Request.Headers.AccessControlRequestHeaders.ToString();
        if (!string.IsNullOrEmpty(requested)) headers.AccessControlAllowHeaders = requested;
    }

    public static void AddNoCache(HttpContext context) => context.Response.Headers.CacheControl = NoCache;

    /// <summary>Sets JSESSIONID when the endpoint needs cookies, echoing the client's own value if it has one.</summary>
    public static void AddCookie(HttpContext context, SockJsOptions options)
    {
        if (!options.CookieNeeded) return;
        var value = context.Request.Cookies["JSESSIONID"];
        if (string.IsNullOrEmpty(value)) value = "dummy";
        context.Response.Headers.Append(HeaderNames.SetCookie, $"JSESSIONID={value}; path=/");
    }

    /// <summary>A CORS preflight answer: 204, cacheable for a year.</summary>
    public static void WriteOptions(HttpContext context, string allowedMethods)
    {
        var response = context.Response;
        response.StatusCode = StatusCodes.Status204NoContent;
        AddCors(context);
        response.Headers.CacheControl = $"public, max-age={OneYearSeconds}";
        response.Headers.Expires = DateTimeOffset.UtcNow.AddSeconds(OneYearSeconds).ToString("R");
        response.Headers.AccessControlMaxAge = OneYearSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        response.Headers.AccessControlAllowMethods = allowedMethods;
    }

    public static Task WriteTextAsync(HttpContext context, int status, string text)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain; charset=UTF-8";
        return context.Response.WriteAsync(text, context.RequestAborted);
    }

    /// <summary>405 with an Allow header and no body, as the protocol expects.</summary>
    public static void WriteMethodNotAllowed(HttpContext context, string allow)
    {
        context.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
        context.Response.Headers.Allow = allow;
    }
}
