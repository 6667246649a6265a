using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace CallCenter.Edge.OpenApi;

/// <summary>
/// A summary for every operation that declares none, from its handler's name: <c>CreateTenantAsync</c> → "Create
/// tenant"; a handler named <c>Handle</c> takes its class's name (<c>OprApiEndpoint.HandleAsync</c> → "Opr api"). The
/// dialects' handlers are named after what they do, so this keeps the document readable without repeating each name in
/// a <c>WithSummary</c> call.
/// </summary>
internal static partial class HandlerSummaries
{
    public static Task ApplyAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        if (operation.Summary is null && context.Description.ActionDescriptor.EndpointMetadata.OfType<MethodInfo>().FirstOrDefault() is { } handler
            && Of(handler) is { } summary)
            operation.Summary = summary;
        return Task.CompletedTask;
    }

    public static string? Of(MethodInfo handler)
    {
        var name = TrimEnd(handler.Name, "Async");
        if (name.Contains('<')) return null; // a lambda: nothing to say
        if (name is "Handle" or "Invoke") name = TrimEnd(TrimEnd(handler.DeclaringType?.Name ?? "", "Endpoints"), "Endpoint");
        if (name.Length == 0) return null;
        var words = Words().Replace(name, " $1").Trim().ToLowerInvariant();
        return char.ToUpperInvariant(words[0]) + words[1..];
    }

    private static string TrimEnd(string text, string suffix)
        => text.EndsWith(suffix, StringComparison.Ordinal) && text.Length > suffix.Length ? text[..^suffix.Length] : text;

    [GeneratedRegex("(?<!^)([A-Z])")]
    private static partial Regex Words();
}
