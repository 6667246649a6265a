namespace CallCenter.Edge.OpenApi;

/// <summary>
/// The OpenAPI document of every HTTP endpoint the host maps (<c>GET /openapi/v1.json</c>): each dialect's endpoints
/// under its own tag, described by ASP.NET Core's generator where it can (minimal-API handlers), and by
/// <see cref="RouteEndpointsDocumentTransformer"/> for the rest (SockJS transports, health probes, metrics, the
/// FreeSWITCH directory), so the document never silently omits a route.
/// </summary>
internal static class EdgeOpenApi
{
    public const string DocumentPath = "/openapi/{documentName}.json";

    public static IServiceCollection AddEdgeOpenApi(this IServiceCollection services)
        => services.AddOpenApi(o =>
        {
            o.AddDocumentTransformer((document, _, _) =>
            {
                document.Info.Title = "CallCenter";
                document.Info.Description = "Every HTTP endpoint of the operator console (opr), management (callcenter/freeswitch), platform and STOMP-over-SockJS dialects, and the operations endpoints. Dialect documents: docs/.";
                return Task.CompletedTask;
            });
            o.AddOperationTransformer(HandlerSummaries.ApplyAsync);
            o.AddDocumentTransformer<RouteEndpointsDocumentTransformer>();
        });

    /// <summary>An empty-prefix group: the dialect's endpoints keep their paths and all carry <paramref name="tag"/>.</summary>
    public static RouteGroupBuilder Dialect(this IEndpointRouteBuilder app, string tag) => app.MapGroup("").WithTags(tag);
}
