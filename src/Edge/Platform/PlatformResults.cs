namespace CallCenter.Edge.Platform;

/// <summary>The platform API's own shape (no legacy client to match): plain REST status codes and <c>{"error": …}</c>.</summary>
internal static class PlatformResults
{
    public static IResult Error(int status, string reason) => Results.Json(new { error = reason }, statusCode: status);
}
