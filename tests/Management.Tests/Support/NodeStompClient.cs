using System.Diagnostics;
using System.Text.Json;
using System.Threading.Channels;

namespace CallCenter.Management.Tests.Support;

/// <summary>
/// Drives tests/wire/management-stomp.mjs: @stomp/stompjs over sockjs-client, the clients the original's users run.
/// Every wait has a generous guard (a hung client fails the test instead of hanging the run), none is a timing assertion.
/// </summary>
public sealed class NodeStompClient : IAsyncDisposable
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(30);
    private readonly Process _process;
    private readonly Channel<JsonElement> _events = Channel.CreateUnbounded<JsonElement>();
    private readonly List<string> _stderr = [];
    // Messages received and not yet returned by a wait.
    private readonly List<(string Destination, JsonElement Body)> _pending = [];
    private int _receipts;

    private NodeStompClient(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) =>
        {
            if (string.IsNullOrWhiteSpace(e.Data)) return;
            try { _events.Writer.TryWrite(JsonDocument.Parse(e.Data).RootElement.Clone()); }
            catch (JsonException) { lock (_stderr) _stderr.Add("stdout: " + e.Data); }
        };
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (_stderr) _stderr.Add(e.Data); };
        _process.Exited += (_, _) => _events.Writer.TryComplete();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>Every message received so far, in order (also those a wait skipped over).</summary>
    public List<(string Destination, JsonElement Body)> Messages { get; } = [];

    public static string WireDirectory
    {
        get
        {
            // The test binaries may be built anywhere (--artifacts-path), so the source location is tried first.
            var source = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(SourceFile())!, "..", "..", "wire"));
            if (Directory.Exists(source)) return source;
            var directory = new DirectoryInfo(AppContext.BaseDirectory);
            while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "CallCenter.sln"))) directory = directory.Parent;
            return Path.Combine(directory?.FullName ?? throw new InvalidOperationException("repository root not found"), "tests", "wire");
        }
    }

    private static string SourceFile([System.Runtime.CompilerServices.CallerFilePath] string path = "") => path;

    /// <summary>Whether node and the npm packages are installed (`npm ci` in tests/wire).</summary>
    public static bool Available => File.Exists(Path.Combine(WireDirectory, "node_modules", "@stomp", "stompjs", "package.json"))
                                    && File.Exists(Path.Combine(WireDirectory, "node_modules", "sockjs-client", "package.json"));

    public static NodeStompClient Start(Uri baseAddress, string transport, Dictionary<string, string>? connectHeaders = null)
    {
        var options = JsonSerializer.Serialize(new { url = new Uri(baseAddress, "callcenter/ws").ToString(), transport, connectHeaders = connectHeaders ?? [] });
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = WireDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("management-stomp.mjs");
        start.ArgumentList.Add(options);
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        process.Start();
        return new NodeStompClient(process);
    }

    public async Task<JsonElement> WaitForEventAsync(string name)
    {
        while (true)
        {
            var e = await NextAsync($"event '{name}'");
            if (e.GetProperty("event").GetString() == name) return e;
            if (e.GetProperty("event").GetString() == "error") throw new InvalidOperationException($"STOMP ERROR while waiting for {name}: {e}");
        }
    }

    public async Task ConnectedAsync() => await WaitForEventAsync("connected");

    /// <summary>Subscribes and waits for the broker's receipt, so a push right after cannot be missed.</summary>
    public async Task SubscribeAsync(params string[] destinations)
    {
        foreach (var destination in destinations)
        {
            var receipt = "r" + Interlocked.Increment(ref _receipts);
            await WriteAsync(new { op = "subscribe", destination, receipt });
            while (true)
            {
                var e = await WaitForEventAsync("receipt");
                if (e.GetProperty("id").GetString() == receipt) break;
            }
        }
    }

    public Task SendAsync(string destination, object body) => WriteAsync(new { op = "send", destination, body = JsonSerializer.Serialize(body) });

    public Task SendRawAsync(string destination, string body) => WriteAsync(new { op = "send", destination, body });

    /// <summary>The next message on <paramref name="destination"/> that satisfies <paramref name="match"/>.</summary>
    public async Task<JsonElement> WaitForMessageAsync(string destination, Func<JsonElement, bool>? match = null)
    {
        while (true)
        {
            var seen = _pending.FindIndex(m => m.Destination == destination && (match?.Invoke(m.Body) ?? true));
            if (seen >= 0)
            {
                var body = _pending[seen].Body;
                _pending.RemoveAt(seen);
                return body;
            }
            var e = await NextAsync($"a message on {destination}");
            if (e.GetProperty("event").GetString() == "error") throw new InvalidOperationException($"STOMP ERROR while waiting on {destination}: {e}");
        }
    }

    private async Task<JsonElement> NextAsync(string what)
    {
        using var guard = new CancellationTokenSource(Guard);
        try
        {
            var e = await _events.Reader.ReadAsync(guard.Token);
            if (e.GetProperty("event").GetString() == "message")
            {
                var message = (e.GetProperty("destination").GetString()!, JsonDocument.Parse(e.GetProperty("body").GetString()!).RootElement.Clone());
                Messages.Add(message);
                _pending.Add(message);
            }
            return e;
        }
        catch (Exception ex) when (ex is OperationCanceledException or ChannelClosedException)
        {
            string errors;
            lock (_stderr) errors = string.Join("\n", _stderr);
            throw new TimeoutException($"no {what} from the STOMP client (hang guard {Guard.TotalSeconds} s); node said:\n{errors}");
        }
    }

    private async Task WriteAsync(object command)
    {
        await _process.StandardInput.WriteLineAsync(JsonSerializer.Serialize(command));
        await _process.StandardInput.FlushAsync();
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                await WriteAsync(new { op = "disconnect" });
                using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                try { await _process.WaitForExitAsync(guard.Token); } catch (OperationCanceledException) { _process.Kill(entireProcessTree: true); }
            }
        }
        catch (IOException)
        {
        }
        _process.Dispose();
    }
}
