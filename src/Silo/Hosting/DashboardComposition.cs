using System.Net;
using System.Security.Cryptography;
using System.Text;
using Orleans.Dashboard;

namespace CallCenter.Silo.Hosting;

/// <summary>
/// The Orleans Dashboard (Microsoft.Orleans.Dashboard 10.x: <c>AddDashboard</c> on the silo, <c>MapOrleansDashboard</c>
/// under a prefix), guarded by <see cref="DashboardOptions"/>: with a password, HTTP Basic; without one, loopback only.
/// The guard wraps the dashboard's own request delegates, so nothing of it (pages, API, live log) is served unguarded.
/// </summary>
internal static class DashboardComposition
{
    public static DashboardOptions Options(IConfiguration configuration)
        => configuration.GetSection(DashboardOptions.SectionName).Get<DashboardOptions>() ?? new DashboardOptions();

    public static void Add(ISiloBuilder silo, IConfiguration configuration)
    {
        if (Options(configuration).Enabled) silo.AddDashboard();
    }

    public static void Map(WebApplication app)
    {
        var options = Options(app.Configuration);
        if (!options.Enabled) return;
        IEndpointConventionBuilder dashboard = app.MapOrleansDashboard(routePrefix: options.Path.TrimEnd('/')).WithTags("operations");
        dashboard.Add(endpoint =>
        {
            var inner = endpoint.RequestDelegate;
            if (inner is null) return;
            endpoint.RequestDelegate = context => Allowed(context, options) ? inner(context) : Refuse(context, options);
        });
    }

    private static bool Allowed(HttpContext context, DashboardOptions options)
    {
        if (string.IsNullOrEmpty(options.Password))
            return context.Connection.RemoteIpAddress is { } remote && IPAddress.IsLoopback(remote);
        var header = context.Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase)) return false;
        byte[] decoded;
        try
        {
            decoded = Convert.FromBase64String(header["Basic ".Length..].Trim());
        }
        catch (FormatException)
        {
            return false;
        }
        var expected = Encoding.UTF8.GetBytes($"{options.Username}:{options.Password}");
        return CryptographicOperations.FixedTimeEquals(decoded, expected);
    }

    private static Task Refuse(HttpContext context, DashboardOptions options)
    {
        if (string.IsNullOrEmpty(options.Password))
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            return context.Response.WriteAsync("The dashboard serves loopback clients only; set Dashboard:Password to open it to others.");
        }
        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        context.Response.Headers.WWWAuthenticate = "Basic realm=\"CallCenter dashboard\", charset=\"UTF-8\"";
        return Task.CompletedTask;
    }
}
