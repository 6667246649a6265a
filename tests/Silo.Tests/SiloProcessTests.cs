using System.Diagnostics;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace CallCenter.Silo.Tests;

/// <summary>
/// The host as an operator runs it: a separate process with the embedded defaults (SQLite under its data directory,
/// simulated telephony, demo tenant), stopped with SIGTERM, started again over the same data.
/// </summary>
public sealed partial class SiloProcessTests : IDisposable
{
    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("callcenter-process-").FullName;

    [Fact]
    public async Task Starts_with_embedded_defaults_stops_gracefully_on_sigterm_and_keeps_its_data()
    {
        for (var run = 1; run <= 2; run++)
        {
            using var silo = await SiloProcess.StartAsync(_dataDirectory);
            using var http = new HttpClient { BaseAddress = silo.BaseAddress };
            var response = await http.GetAsync("readyz");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            using var health = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            Assert.Equal("1 tenant(s)", health.RootElement.GetProperty("checks").GetProperty("grains").GetProperty("description").GetString());

            if (run == 1) await Embedded_demo_floor_is_online(http);

            var exitCode = await silo.StopWithSigtermAsync();
            Assert.Equal(0, exitCode);
            Assert.Contains("Application is shutting down", silo.Output);
        }
        Assert.True(File.Exists(Path.Combine(_dataDirectory, "callcenter.db")), "the SQLite file lives in the data directory");
        Assert.True(File.Exists(Path.Combine(_dataDirectory, "secret.key")), "the secret-protection key lives in the data directory");
    }

    /// <summary>The embedded run's simulated softphones come online when provisioned, so an operator who logs in at a
    /// seat with a phone is "logined", not "maintaining" (phone unregistered) — the spec's curl examples as written.</summary>
    private static async Task Embedded_demo_floor_is_online(HttpClient http)
    {
        foreach (var body in new[]
        {
            """{"msgType":"seatgroup_config","groupPhone":"52300112","seatGroupNo":"912"}""",
            """{"msgType":"seat_register","seatPhone":"52300001","seatGroupNo":"912","seatId":"6","pwd":"1"}""",
        })
        {
            var reply = await http.PostAsync("api", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
            using var ok = JsonDocument.Parse(await reply.Content.ReadAsStringAsync());
            Assert.Equal("ok", ok.RootElement.GetProperty("status").GetString());
        }
        // Registration travels switch → router → extension → seat asynchronously; poll briefly as a client would.
        for (var attempt = 0; ; attempt++)
        {
            var login = await http.PostAsync("api", new StringContent("""{"msgType":"opr_login","seatId":"6","operatorId":"001"}""", System.Text.Encoding.UTF8, "application/json"));
            using var state = JsonDocument.Parse(await login.Content.ReadAsStringAsync());
            var status = state.RootElement.GetProperty("boardState").GetProperty("oprstatus").GetString();
            if (status == "logined") return;
            Assert.True(attempt < 50, $"seat 6 stayed {status}: its simulated phone did not come online");
            await Task.Delay(100);
        }
    }

    public void Dispose()
    {
        try { Directory.Delete(_dataDirectory, recursive: true); } catch (IOException) { }
    }

    private sealed partial class SiloProcess : IDisposable
    {
        private readonly Process _process;
        private readonly System.Text.StringBuilder _output = new();
        private readonly TaskCompletionSource<Uri> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

        private SiloProcess(Process process) => _process = process;

        public Uri BaseAddress { get; private set; } = null!;

        public string Output
        {
            get { lock (_output) return _output.ToString(); }
        }

        public static async Task<SiloProcess> StartAsync(string dataDirectory)
        {
            var dll = Path.Combine(AppContext.BaseDirectory, "CallCenter.Silo.dll");
            var start = new ProcessStartInfo("dotnet")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                WorkingDirectory = dataDirectory,
            };
            foreach (var arg in new[] { dll, "--urls=http://127.0.0.1:0", $"--Silo:DataDirectory={dataDirectory}" }) start.ArgumentList.Add(arg);
            // As the README runs it: no environment named, so the embedded defaults apply.
            start.Environment.Remove("ASPNETCORE_ENVIRONMENT");
            start.Environment.Remove("DOTNET_ENVIRONMENT");
            var silo = new SiloProcess(Process.Start(start)!);
            silo._process.OutputDataReceived += (_, e) => silo.OnLine(e.Data);
            silo._process.ErrorDataReceived += (_, e) => silo.OnLine(e.Data);
            silo._process.BeginOutputReadLine();
            silo._process.BeginErrorReadLine();
            var exited = silo._process.WaitForExitAsync();
            var first = await Task.WhenAny(silo._listening.Task, exited, Task.Delay(TimeSpan.FromMinutes(2)));
            if (first != silo._listening.Task) throw new InvalidOperationException("the silo did not start listening:\n" + silo.Output);
            silo.BaseAddress = await silo._listening.Task;
            return silo;
        }

        public async Task<int> StopWithSigtermAsync()
        {
            // What a service manager sends; the host must finish its turns and persist before exiting.
            using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync();
                Assert.Equal(0, kill.ExitCode);
            }
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
            await _process.WaitForExitAsync(timeout.Token);
            return _process.ExitCode;
        }

        private void OnLine(string? line)
        {
            if (line is null) return;
            lock (_output) _output.AppendLine(line);
            var match = ListeningPattern().Match(line);
            if (match.Success) _listening.TrySetResult(new Uri(match.Groups[1].Value.TrimEnd('/') + "/"));
        }

        public void Dispose()
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
            _process.Dispose();
        }

        [GeneratedRegex(@"Now listening on: (http://\S+)")]
        private static partial Regex ListeningPattern();
    }
}
