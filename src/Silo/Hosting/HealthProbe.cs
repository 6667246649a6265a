namespace CallCenter.Silo.Hosting;

/// <summary>
/// <c>dotnet CallCenter.Silo.dll --probe http://127.0.0.1:8080/healthz</c>: one GET, exit code 0 on a 2xx answer and 1
/// otherwise. The container image's HEALTHCHECK runs it, because the ASP.NET Core runtime image has no curl or wget.
/// </summary>
internal static class HealthProbe
{
    public const string Argument = "--probe";

    public static async Task<int> RunAsync(string url)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(3) };
        try
        {
            using var response = await http.GetAsync(new Uri(url));
            return response.IsSuccessStatusCode ? 0 : 1;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or UriFormatException)
        {
            await Console.Error.WriteLineAsync($"probe {url}: {e.Message}");
            return 1;
        }
    }
}
