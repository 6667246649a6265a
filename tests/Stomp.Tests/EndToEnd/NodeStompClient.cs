using System.Diagnostics;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CallCenter.Stomp.Tests.Support;

namespace CallCenter.Stomp.Tests.EndToEnd;

/// <summary>
/// Runs tests/wire/stomp-client.mjs: the real @stomp/stompjs client over sockjs-client or ws, in node. Commands go to its
/// stdin and its events (JSON lines) are collected from stdout. node_modules comes from `npm ci` in tests/wire, which the
/// test script runs; if it is missing the first client runs it.
/// </summary>
internal sealed class NodeStompClient : IAsyncDisposable
{
    private static readonly SemaphoreSlim InstallLock = new(1, 1);
    private readonly Process _process;
    private readonly List<JsonObject> _events = [];
    private readonly StringBuilder _stderr = new();
    private readonly SemaphoreSlim _arrived = new(0);
    private readonly Task _stdout;

    private NodeStompClient(Process process)
    {
        _process = process;
        _stdout = Task.Run(ReadEventsAsync);
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (_stderr) _stderr.AppendLine(e.Data);
        };
        process.BeginErrorReadLine();
    }

    /// <summary>tests/wire: from CALLCENTER_WIRE_DIR, else where the test project was built from, else above the binaries.</summary>
    public static string WireDirectory
    {
        get
        {
            if (Environment.GetEnvironmentVariable("CALLCENTER_WIRE_DIR") is { Length: > 0 } configured) return configured;
            var built = typeof(NodeStompClient).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == "WireDirectory")?.Value;
            if (built is not null && File.Exists(Path.Combine(built, "package.json"))) return built;
            for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "CallCenter.sln"))) return Path.Combine(directory.FullName, "tests", "wire");
            }
            throw new InvalidOperationException("tests/wire not found: set CALLCENTER_WIRE_DIR");
        }
    }

    /// <param name="options">See the header of stomp-client.mjs: url, transport, connectHeaders, heartbeat, ...</param>
    public static async Task<NodeStompClient> StartAsync(object options)
    {
        await EnsureInstalledAsync();
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = WireDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
        };
        start.ArgumentList.Add("stomp-client.mjs");
        start.ArgumentList.Add(JsonSerializer.Serialize(options));
        return new NodeStompClient(Process.Start(start) ?? throw new InvalidOperationException("could not start node"));
    }

    /// <summary>Every event so far.</summary>
    public IReadOnlyList<JsonObject> Events
    {
        get { lock (_events) return [.. _events]; }
    }

    public IReadOnlyList<JsonObject> Messages => Events.Where(e => (string?)e["event"] == "message").ToList();

    public async Task CommandAsync(object command)
    {
        await _process.StandardInput.WriteLineAsync(JsonSerializer.Serialize(command));
        await _process.StandardInput.FlushAsync();
    }

    /// <summary>Waits for the <paramref name="index"/>-th (0-based) event named <paramref name="name"/>.</summary>
    public async Task<JsonObject> WaitForAsync(string name, int index = 0)
    {
        var deadline = DateTime.UtcNow + Eventually.HangGuard;
        while (true)
        {
            var matches = Events.Where(e => (string?)e["event"] == name).ToList();
            if (matches.Count > index) return matches[index];
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero || (_stdout.IsCompleted && !await _arrived.WaitAsync(0)))
            {
                throw new TimeoutException($"no '{name}' event #{index} from the node client; events: {string.Join(" | ", Events.Select(e => e.ToJsonString()))}; stderr: {Stderr}");
            }
            await _arrived.WaitAsync(left);
        }
    }

    public Task<JsonObject> WaitForMessageAsync(int index) => WaitForAsync("message", index);

    /// <summary>Waits for the process to exit on its own (after "closed").</summary>
    public async Task WaitForExitAsync() => await _process.WaitForExitAsync().WaitAsync(Eventually.HangGuard);

    public string Stderr
    {
        get { lock (_stderr) return _stderr.ToString(); }
    }

    private async Task ReadEventsAsync()
    {
        while (await _process.StandardOutput.ReadLineAsync() is { } line)
        {
            if (line.Length == 0) continue;
            JsonObject parsed;
            try
            {
                parsed = JsonNode.Parse(line)!.AsObject();
            }
            catch (JsonException)
            {
                parsed = new JsonObject { ["event"] = "unparsable-output", ["line"] = line };
            }
            lock (_events) _events.Add(parsed);
            _arrived.Release();
        }
        _arrived.Release();
    }

    private static async Task EnsureInstalledAsync()
    {
        if (Directory.Exists(Path.Combine(WireDirectory, "node_modules", "@stomp", "stompjs"))) return;
        await InstallLock.WaitAsync();
        try
        {
            if (Directory.Exists(Path.Combine(WireDirectory, "node_modules", "@stomp", "stompjs"))) return;
            var npm = Process.Start(new ProcessStartInfo("npm", "ci --no-audit --no-fund") { WorkingDirectory = WireDirectory, UseShellExecute = false })!;
            await npm.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(3));
            if (npm.ExitCode != 0) throw new InvalidOperationException($"npm ci in {WireDirectory} failed ({npm.ExitCode})");
        }
        finally
        {
            InstallLock.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            _process.StandardInput.Close();
        }
        catch (IOException)
        {
        }
        try
        {
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (TimeoutException)
        {
            _process.Kill(entireProcessTree: true);
        }
        _process.Dispose();
    }
}

internal static class JsonObjectExtensions
{
    public static string? Header(this JsonObject e, string name) => (string?)e["headers"]?[name];

    public static string? Body(this JsonObject e) => (string?)e["body"];
}
