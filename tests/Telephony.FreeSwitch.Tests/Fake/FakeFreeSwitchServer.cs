using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace CallCenter.Telephony.FreeSwitch.Tests;

/// <summary>
/// A stand-in for mod_event_socket on 127.0.0.1:0 that speaks the exact wire format: <c>auth/request</c> on connect,
/// <c>command/reply</c> with Reply-Text, <c>api/response</c> with Content-Length, <c>text/event-json</c>,
/// <c>text/disconnect-notice</c>. Session plumbing (auth, event, filter, linger, exit) is handled here; what
/// <c>api</c>, <c>bgapi</c> and <c>sendmsg</c> do is up to the <see cref="IFakeFreeSwitchBehaviour"/>.
/// </summary>
internal sealed class FakeFreeSwitchServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly IFakeFreeSwitchBehaviour _behaviour;
    private readonly string _password;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentQueue<FakeCommand> _commands = new();
    private readonly List<FakeSession> _sessions = [];
    private readonly Lock _gate = new();
    private readonly Task _acceptLoop;
    private int _sessionCount;
    private TaskCompletionSource _commandArrived = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public FakeFreeSwitchServer(IFakeFreeSwitchBehaviour? behaviour = null, string password = "ClueCon")
    {
        _behaviour = behaviour ?? new ScriptedFreeSwitch();
        _password = password;
        _listener.Start();
        _acceptLoop = Task.Run(AcceptAsync);
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public int SessionCount => Volatile.Read(ref _sessionCount);

    /// <summary>Every command received after authentication, in order, across sessions.</summary>
    public IReadOnlyList<FakeCommand> Commands => [.. _commands];

    public async Task<FakeCommand> WaitForCommandAsync(Func<FakeCommand, bool> predicate, TimeSpan? guard = null)
    {
        var deadline = DateTime.UtcNow + (guard ?? TimeSpan.FromSeconds(20));
        while (true)
        {
            Task arrived;
            lock (_gate) arrived = _commandArrived.Task;
            var found = _commands.FirstOrDefault(predicate);
            if (found is not null) return found;
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero) throw new TimeoutException($"no matching command; received:\n  {string.Join("\n  ", _commands.Select(c => c.Text))}");
            await Task.WhenAny(arrived, Task.Delay(left));
        }
    }

    public async Task<FakeSession> WaitForSessionAsync(int number, bool eventsEnabled = true)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            lock (_gate)
            {
                var session = _sessions.FirstOrDefault(s => s.Number == number && (!eventsEnabled || s.EventsEnabled));
                if (session is not null) return session;
            }
            await Task.Delay(5);
        }
        throw new TimeoutException($"session {number} did not come up");
    }

    /// <summary>Sends an event, as text/event-json, to every session that enabled events.</summary>
    public async Task BroadcastEventAsync(IReadOnlyDictionary<string, string> headers, string? body = null)
    {
        foreach (var session in LiveSessions().Where(s => s.EventsEnabled)) await session.SendEventJsonAsync(headers, body);
    }

    public async Task BroadcastRawAsync(string text)
    {
        foreach (var session in LiveSessions()) await session.SendRawAsync(text);
    }

    /// <summary>Cuts every connection without a goodbye, like a crashed or restarted FreeSWITCH.</summary>
    public void DropConnections()
    {
        foreach (var session in LiveSessions()) session.Abort();
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _listener.Stop();
        DropConnections();
        try
        {
            await _acceptLoop;
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException or OperationCanceledException)
        {
        }
        _stopping.Dispose();
    }

    internal void Record(FakeCommand command)
    {
        _commands.Enqueue(command);
        TaskCompletionSource previous;
        lock (_gate)
        {
            previous = _commandArrived;
            _commandArrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        previous.TrySetResult();
    }

    private FakeSession[] LiveSessions()
    {
        lock (_gate) return [.. _sessions.Where(s => !s.Closed)];
    }

    private async Task AcceptAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stopping.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }
            var session = new FakeSession(Interlocked.Increment(ref _sessionCount), client);
            lock (_gate) _sessions.Add(session);
            _ = Task.Run(() => ServeAsync(session));
        }
    }

    private async Task ServeAsync(FakeSession session)
    {
        try
        {
            await session.SendRawAsync("Content-Type: auth/request\n\n");
            var authenticated = false;
            while (!_stopping.IsCancellationRequested)
            {
                var command = await session.ReadCommandAsync(_stopping.Token);
                if (command is null) break;
                if (!authenticated)
                {
                    if (command.Text == $"auth {_password}")
                    {
                        authenticated = true;
                        await session.ReplyAsync("+OK accepted");
                        continue;
                    }
                    await session.ReplyAsync("-ERR invalid");
                    session.Abort(graceful: true);
                    break;
                }
                Record(command);
                if (!await HandleSessionCommandAsync(session, command)) break;
            }
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
        {
        }
        finally
        {
            session.Abort();
        }
    }

    private async Task<bool> HandleSessionCommandAsync(FakeSession session, FakeCommand command)
    {
        switch (command.Verb)
        {
            case "event":
                session.Subscriptions.Add(command.Arguments);
                session.EventsEnabled = true;
                await session.ReplyAsync($"+OK event listener enabled {command.Arguments.Split(' ')[0]}");
                return true;
            case "filter":
                session.Filters.Add(command.Arguments);
                await session.ReplyAsync($"+OK filter added. [{command.Arguments}]");
                return true;
            case "nixevent":
            case "noevents":
                await session.ReplyAsync("+OK events disabled");
                return true;
            case "linger":
                await session.ReplyAsync("+OK will linger");
                return true;
            case "exit":
                await session.ReplyAsync("+OK bye");
                await session.SendRawAsync("Content-Type: text/disconnect-notice\nContent-Disposition: disconnect\nContent-Length: 23\n\nDisconnected, goodbye.\n");
                session.Abort(graceful: true);
                return false;
        }
        var reply = await _behaviour.HandleAsync(command, session);
        switch (reply)
        {
            case FakeReply.Api api:
                await session.SendRawAsync($"Content-Type: api/response\nContent-Length: {Encoding.UTF8.GetByteCount(api.Body)}\n\n{api.Body}");
                break;
            case FakeReply.Command text:
                await session.ReplyAsync(text.ReplyText, text.Headers);
                break;
            case FakeReply.Silence:
                break;
        }
        return true;
    }
}

/// <summary>One command as the fake received it: its first line, header lines and optional body.</summary>
internal sealed record FakeCommand(int Session, string Text, IReadOnlyDictionary<string, string> Headers, string? Body)
{
    public string Verb => Text.Split(' ', 2)[0];

    public string Arguments => Text.Split(' ', 2) is [_, var rest] ? rest : "";

    /// <summary>For api/bgapi: the API command itself.</summary>
    public string ApiCommand => Verb is "api" or "bgapi" ? Arguments : Text;
}

/// <summary>What the fake answers a command with.</summary>
internal abstract record FakeReply
{
    public sealed record Api(string Body) : FakeReply;

    public sealed record Command(string ReplyText, IReadOnlyDictionary<string, string>? Headers = null) : FakeReply;

    /// <summary>No reply at all (a hung switch), for timeout tests.</summary>
    public sealed record Silence : FakeReply;
}

internal interface IFakeFreeSwitchBehaviour
{
    ValueTask<FakeReply> HandleAsync(FakeCommand command, FakeSession session);
}

/// <summary>The server side of one connection: reads commands, writes frames (one writer at a time).</summary>
internal sealed class FakeSession(int number, TcpClient client)
{
    private readonly NetworkStream _stream = client.GetStream();
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private readonly byte[] _one = new byte[1];

    public int Number { get; } = number;

    public bool EventsEnabled { get; set; }

    public List<string> Subscriptions { get; } = [];

    public List<string> Filters { get; } = [];

    public bool Closed { get; private set; }

    public async Task<FakeCommand?> ReadCommandAsync(CancellationToken cancellationToken)
    {
        var lines = new List<string>();
        var line = new List<byte>();
        while (true)
        {
            var read = await _stream.ReadAsync(_one, cancellationToken);
            if (read == 0) return null;
            if (_one[0] != '\n')
            {
                line.Add(_one[0]);
                continue;
            }
            var text = Encoding.UTF8.GetString([.. line]).TrimEnd('\r');
            line.Clear();
            if (text.Length == 0)
            {
                if (lines.Count == 0) continue;
                break;
            }
            lines.Add(text);
        }
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var header in lines.Skip(1))
        {
            var colon = header.IndexOf(':');
            headers[header[..colon].Trim()] = header[(colon + 1)..].Trim();
        }
        string? body = null;
        if (headers.TryGetValue("Content-Length", out var length) && int.Parse(length) is > 0 and var count)
        {
            var buffer = new byte[count];
            await _stream.ReadExactlyAsync(buffer, cancellationToken);
            body = Encoding.UTF8.GetString(buffer);
        }
        return new FakeCommand(Number, lines[0], headers, body);
    }

    public Task ReplyAsync(string replyText, IReadOnlyDictionary<string, string>? headers = null)
    {
        var text = new StringBuilder("Content-Type: command/reply\nReply-Text: ").Append(replyText).Append('\n');
        foreach (var (name, value) in headers ?? new Dictionary<string, string>()) text.Append(name).Append(": ").Append(value).Append('\n');
        return SendRawAsync(text.Append('\n').ToString());
    }

    public Task SendEventJsonAsync(IReadOnlyDictionary<string, string> headers, string? body = null)
    {
        var fields = new Dictionary<string, string>(headers);
        if (body is not null)
        {
            fields["Content-Length"] = Encoding.UTF8.GetByteCount(body).ToString(System.Globalization.CultureInfo.InvariantCulture);
            fields["_body"] = body;
        }
        var json = JsonSerializer.Serialize(fields);
        return SendRawAsync($"Content-Length: {Encoding.UTF8.GetByteCount(json)}\nContent-Type: text/event-json\n\n{json}");
    }

    public async Task SendRawAsync(string text)
    {
        if (Closed) return;
        var bytes = Encoding.UTF8.GetBytes(text);
        await _writeGate.WaitAsync();
        try
        {
            await _stream.WriteAsync(bytes);
            await _stream.FlushAsync();
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or SocketException)
        {
            Closed = true;
        }
        finally
        {
            _writeGate.Release();
        }
    }

    /// <summary>Closes the connection: gracefully (FIN, after pending bytes) or as a crash (RST).</summary>
    public void Abort(bool graceful = false)
    {
        if (Closed) return;
        Closed = true;
        try
        {
            if (!graceful) client.Client.LingerState = new LingerOption(true, 0);
            client.Close();
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
        }
    }
}
