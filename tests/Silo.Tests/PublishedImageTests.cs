using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;

namespace CallCenter.Silo.Tests;

/// <summary>
/// What src/Silo/Dockerfile runs, without Docker (no image can be built here): the app published to a folder and started
/// from that folder exactly as the image's ENTRYPOINT does (<c>dotnet CallCenter.Silo.dll</c>, working directory the
/// publish folder, ASPNETCORE_ENVIRONMENT=Production, settings from environment variables), probed by the image's
/// HEALTHCHECK command. Production storage is PostgreSQL (the server the test script starts) and the switch is a
/// FreeSWITCH that is not there: the process must still come up live, and report itself not ready.
/// </summary>
public sealed partial class PublishedImageTests : IDisposable
{
    private readonly string _publish = Directory.CreateTempSubdirectory("callcenter-publish-").FullName;

    [Fact]
    public async Task Published_app_starts_as_the_image_entry_point_runs_it_and_passes_the_image_health_check()
    {
        var postgres = Environment.GetEnvironmentVariable("CALLCENTER_TEST_POSTGRES")
            ?? throw new InvalidOperationException("CALLCENTER_TEST_POSTGRES is not set: run the tests through ./scripts/test.sh, which starts PostgreSQL");
        // The test project has just built the silo: publishing that build (no second compile) keeps this test fast; the
        // image publishes in Release, which differs only in optimisation.
        var (published, publishOutput) = await RunAsync("dotnet", ["publish", Path.Combine(RepositoryRoot(), "src", "Silo", "Silo.csproj"),
            "--no-build", "-c", Configuration, "-o", _publish, "-nologo", "-v", "q"], RepositoryRoot(), new Dictionary<string, string?>(), TimeSpan.FromMinutes(3));
        Assert.True(published == 0, publishOutput);
        Assert.True(File.Exists(Path.Combine(_publish, "appsettings.Production.json")), "the environment's settings ship beside the binary");

        var environment = new Dictionary<string, string?>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["DOTNET_ENVIRONMENT"] = null,
            ["ASPNETCORE_URLS"] = "http://127.0.0.1:0",
            ["Orleans__SiloPort"] = FreePort(),
            ["Orleans__GatewayPort"] = FreePort(),
            ["Storage__Postgres__ConnectionString"] = postgres,
            ["Storage__Postgres__Schema"] = "img_" + Guid.NewGuid().ToString("N")[..12],
            ["Telephony__FreeSwitch__Host"] = "127.0.0.1",
            ["Telephony__FreeSwitch__Port"] = FreePort(),
            ["Telephony__FreeSwitch__Password"] = "ClueCon",
        };
        using var app = StartEntryPoint(environment);
        var baseAddress = await app.Listening.Task.WaitAsync(TimeSpan.FromMinutes(2));

        // As the image's HEALTHCHECK does (--retries=3): a first probe of a cold process on a loaded machine may need
        // more than the probe's 3 s.
        var (healthy, probeOutput) = (-1, "");
        for (var attempt = 0; attempt < 3 && healthy != 0; attempt++)
            (healthy, probeOutput) = await RunAsync("dotnet", ["CallCenter.Silo.dll", "--probe", baseAddress + "healthz"], _publish, environment, TimeSpan.FromSeconds(30));
        Assert.True(healthy == 0, probeOutput + app.Output);
        using var http = new HttpClient { BaseAddress = new Uri(baseAddress) };
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await http.GetAsync("readyz")).StatusCode);
        Assert.Contains("\"storage\":{\"status\":\"Healthy\"", await (await http.GetAsync("readyz")).Content.ReadAsStringAsync());
        // Production keeps the dashboard off and the console JSON-formatted.
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("dashboard/")).StatusCode);
        Assert.Contains("{\"EventId\"", app.Output);

        var (unhealthy, _) = await RunAsync("dotnet", ["CallCenter.Silo.dll", "--probe", "http://127.0.0.1:" + FreePort() + "/healthz"], _publish, environment, TimeSpan.FromSeconds(30));
        Assert.Equal(1, unhealthy);
    }

    private const string Configuration =
#if DEBUG
        "Debug";
#else
        "Release";
#endif

    private EntryPoint StartEntryPoint(Dictionary<string, string?> environment)
    {
        var start = Start("dotnet", ["CallCenter.Silo.dll"], _publish, environment);
        var entry = new EntryPoint(Process.Start(start)!);
        entry.Process.OutputDataReceived += (_, e) => entry.OnLine(e.Data);
        entry.Process.ErrorDataReceived += (_, e) => entry.OnLine(e.Data);
        entry.Process.BeginOutputReadLine();
        entry.Process.BeginErrorReadLine();
        return entry;
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string file, string[] args, string directory, Dictionary<string, string?> environment, TimeSpan timeout)
    {
        using var process = Process.Start(Start(file, args, directory, environment))!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout);
        await process.WaitForExitAsync(cancel.Token);
        return (process.ExitCode, await output + await error);
    }

    private static ProcessStartInfo Start(string file, string[] args, string directory, Dictionary<string, string?> environment)
    {
        var start = new ProcessStartInfo(file) { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        foreach (var (key, value) in environment)
        {
            if (value is null) start.Environment.Remove(key);
            else start.Environment[key] = value;
        }
        return start;
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            if (File.Exists(Path.Combine(directory.FullName, "CallCenter.sln"))) return directory.FullName;
        throw new InvalidOperationException("the repository root (CallCenter.sln) is not above " + AppContext.BaseDirectory);
    }

    private static string FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    public void Dispose()
    {
        try { Directory.Delete(_publish, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    private sealed partial class EntryPoint(Process process) : IDisposable
    {
        private readonly StringBuilder _output = new();

        public Process Process { get; } = process;

        public TaskCompletionSource<string> Listening { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public string Output
        {
            get { lock (_output) return _output.ToString(); }
        }

        public void OnLine(string? line)
        {
            if (line is null) return;
            lock (_output) _output.AppendLine(line);
            // The JSON console writes the address inside the message: "Now listening on: http://127.0.0.1:40123".
            var match = ListeningPattern().Match(line);
            if (match.Success) Listening.TrySetResult(match.Groups[1].Value.TrimEnd('/') + "/");
        }

        public void Dispose()
        {
            if (!Process.HasExited) Process.Kill(entireProcessTree: true);
            Process.Dispose();
        }

        [GeneratedRegex(@"Now listening on: (http://[0-9.:]+)")]
        private static partial Regex ListeningPattern();
    }
}
