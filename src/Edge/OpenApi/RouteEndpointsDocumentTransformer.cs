using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.OpenApi;

namespace CallCenter.Edge.OpenApi;

/// <summary>
/// Adds to the document the routes ASP.NET Core's API explorer skips — endpoints built from a plain
/// <see cref="RequestDelegate"/> or without an HTTP-method constraint (SockJS transports, health checks, Prometheus, the
/// dashboard) — with their tags, summary and display name, under the methods they accept (GET and POST when any method
/// is accepted, as SockJS transports and probes are used).
/// </summary>
public sealed class RouteEndpointsDocumentTransformer(EndpointDataSource endpoints) : IOpenApiDocumentTransformer
{
    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Paths ??= new OpenApiPaths();
        foreach (var endpoint in endpoints.Endpoints.OfType<RouteEndpoint>())
        {
            if (endpoint.Metadata.GetMetadata<IExcludeFromDescriptionMetadata>() is { ExcludeFromDescription: true }) continue;
            var path = PathOf(endpoint.RoutePattern);
            if (document.Paths.ContainsKey(path)) continue;
            var methods = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods is { Count: > 0 } listed ? listed : ["GET", "POST"];
            var item = new OpenApiPathItem();
            foreach (var method in methods.Where(m => m != "OPTIONS" && m != "HEAD"))
            {
                var tags = endpoint.Metadata.GetOrderedMetadata<ITagsMetadata>().SelectMany(t => t.Tags).Distinct().ToList();
                var operation = new OpenApiOperation
                {
                    Summary = endpoint.Metadata.GetMetadata<IEndpointSummaryMetadata>()?.Summary ?? endpoint.DisplayName,
                    Description = endpoint.Metadata.GetMetadata<IEndpointDescriptionMetadata>()?.Description,
                    Tags = tags.Count == 0 ? null : tags.Select(t => new OpenApiTagReference(t, document)).ToHashSet(),
                    Parameters = endpoint.RoutePattern.Parameters
                        .Select(p => (IOpenApiParameter)new OpenApiParameter { Name = p.Name, In = ParameterLocation.Path, Required = true, Schema = new OpenApiSchema { Type = JsonSchemaType.String } })
                        .ToList(),
                    Responses = new OpenApiResponses { ["200"] = new OpenApiResponse { Description = "OK" } },
                };
                item.AddOperation(new HttpMethod(method), operation);
            }
            document.Paths[path] = item;
        }
        return Task.CompletedTask;
    }

    /// <summary>The OpenAPI form of a route: "/a/{b}" without constraints, defaults or catch-all markers.</summary>
    public static string PathOf(RoutePattern pattern)
    {
        var segments = pattern.PathSegments.Select(segment => string.Concat(segment.Parts.Select(part => part switch
        {
            RoutePatternLiteralPart literal => literal.Content,
            RoutePatternParameterPart parameter => "{" + parameter.Name + "}",
            RoutePatternSeparatorPart separator => separator.Content,
            _ => "",
        })));
        return "/" + string.Join('/', segments);
    }
}
