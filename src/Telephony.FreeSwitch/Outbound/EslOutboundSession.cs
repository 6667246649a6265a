using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CallCenter.Telephony.FreeSwitch;

/// <summary>
/// One outbound-mode session: FreeSWITCH's <c>socket</c> application connected to us for a single call. The session
/// starts with <c>connect</c>, whose reply carries the channel's data (every channel variable) as headers; then the
/// usual commands apply to that channel (<c>myevents</c>, <c>linger</c>, <c>sendmsg</c> execute, <c>api</c>).
/// The control plane drives calls over the inbound socket; this type exists for dialplans that hand a call to a
/// socket application, and it is what the captured sessions in shared/esl-captures are parsed with.
/// </summary>
public sealed class EslOutboundSession : IAsyncDisposable
{
    private readonly EslConnection _connection;
    private readonly Channel<EslEvent> _events = Channel.CreateUnbounded<EslEvent>(new UnboundedChannelOptions { SingleReader = true });
    private readonly TimeSpan _commandTimeout;
    private readonly ILogger _logger;
    private readonly List<EslFrame> _notices = [];

    public EslOutboundSession(Stream stream, ILogger? logger = null, TimeSpan? commandTimeout = null, EslFrameLimits? limits = null)
    {
        _logger = logger ?? NullLogger.Instance;
        _commandTimeout = commandTimeout ?? TimeSpan.FromSeconds(10);
        _connection = new EslConnection(stream, _logger, limits)
        {
            EventReceived = evt =>
            {
                _events.Writer.TryWrite(evt);
                return ValueTask.CompletedTask;
            },
            DisconnectNoticeReceived = OnDisconnectNotice,
        };
        _ = _connection.Closed.ContinueWith(_ => _events.Writer.TryComplete(), TaskScheduler.Default);
        _connection.Start();
    }

    /// <summary>The channel as FreeSWITCH described it in reply to <c>connect</c>.</summary>
    public EslEvent? ChannelData { get; private set; }

    public string? UniqueId => ChannelData?.UniqueId;

    /// <summary>The <c>text/disconnect-notice</c> frames received so far (the first, with Content-Disposition linger,
    /// means the channel hung up while lingering).</summary>
    public IReadOnlyList<EslFrame> DisconnectNotices
    {
        get
        {
            lock (_notices) return [.. _notices];
        }
    }

    public Task<string> Closed => _connection.Closed;

    /// <summary>Sends <c>connect</c> and returns the channel data.</summary>
    public async Task<EslEvent> ConnectAsync(CancellationToken cancellationToken = default)
    {
        var reply = await _connection.SendAsync("connect", null, null, _commandTimeout, cancellationToken).ConfigureAwait(false);
        if (reply.IsError) throw new EslConnectionException($"FreeSWITCH refused connect: {reply.ResultText}");
        ChannelData = new EslEvent(reply.Headers);
        return ChannelData;
    }

    /// <summary><c>myevents</c>: events of this channel only, in the given format.</summary>
    public Task<EslFrame> MyEventsAsync(string format = "plain", CancellationToken cancellationToken = default) =>
        CommandAsync($"myevents {CommandArgument.Token(format, "event format")}", cancellationToken);

    /// <summary><c>event FORMAT NAMES</c>, e.g. ("plain", "ALL").</summary>
    public Task<EslFrame> EventAsync(string format, string events, CancellationToken cancellationToken = default) =>
        CommandAsync($"event {CommandArgument.Token(format, "event format")} {events}", cancellationToken);

    /// <summary><c>linger</c>: keep the socket open after hang-up so the final events still arrive.</summary>
    public Task<EslFrame> LingerAsync(TimeSpan? duration = null, CancellationToken cancellationToken = default) =>
        CommandAsync(duration is { } d ? $"linger {(int)Math.Ceiling(d.TotalSeconds)}" : "linger", cancellationToken);

    /// <summary>Runs a dialplan application on the channel (<c>sendmsg</c> with <c>call-command: execute</c>).</summary>
    public Task<EslFrame> ExecuteAsync(string application, string? argument = null, bool eventLock = true, CancellationToken cancellationToken = default)
    {
        var headers = new List<KeyValuePair<string, string>>
        {
            new("call-command", "execute"),
            new("execute-app-name", CommandArgument.Token(application, "application")),
        };
        if (!string.IsNullOrEmpty(argument)) headers.Add(new("execute-app-arg", argument));
        if (eventLock) headers.Add(new("event-lock", "true"));
        return _connection.SendAsync("sendmsg", headers, null, _commandTimeout, cancellationToken);
    }

    public Task<string> ApiAsync(string command, CancellationToken cancellationToken = default) =>
        _connection.ApiAsync(command, _commandTimeout, cancellationToken);

    public Task<EslFrame> CommandAsync(string command, CancellationToken cancellationToken = default) =>
        _connection.SendAsync(command, null, null, _commandTimeout, cancellationToken);

    /// <summary><c>exit</c>: FreeSWITCH answers "+OK bye" and closes the socket.</summary>
    public Task<EslFrame> ExitAsync(CancellationToken cancellationToken = default) => CommandAsync("exit", cancellationToken);

    /// <summary>The session's events in arrival order, until the socket closes.</summary>
    public async IAsyncEnumerable<EslEvent> ReadEventsAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        while (await _events.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
        {
            while (_events.Reader.TryRead(out var evt)) yield return evt;
        }
    }

    public ValueTask DisposeAsync() => _connection.DisposeAsync();

    private void OnDisconnectNotice(EslFrame frame)
    {
        lock (_notices) _notices.Add(frame);
        _logger.LogDebug("Outbound session {UniqueId}: disconnect notice ({Disposition})", UniqueId, frame.Header(EslHeaders.ContentDisposition));
    }
}
