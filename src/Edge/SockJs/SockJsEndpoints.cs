namespace CallCenter.Edge.SockJs;

/// <summary>Maps the URLs of one SockJS endpoint under a base path (which never ends with a slash).</summary>
internal static class SockJsEndpoints
{
    public static RouteGroupBuilder MapSockJs(this IEndpointRouteBuilder app, string basePath, SockJsServer server)
    {
        var group = app.MapGroup(basePath);
        // Routing treats "/base" and "/base/" alike, so one route serves both greetings.
        group.MapGet("", SockJsServer.WelcomeAsync);
        group.Map("/info", server.InfoAsync);
        group.Map("/websocket", server.RawWebSocketAsync);
        group.Map("/{server}/{session}/{transport}", server.SessionAsync);
        return group;
    }
}
