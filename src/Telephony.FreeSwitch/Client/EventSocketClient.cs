using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CallCenter.Telephony.FreeSwitch;

/// <summary>
/// The long-lived inbound event-socket client: keeps one authenticated connection to FreeSWITCH, replays the event
/// subscriptions and filters on every new connection, and reconnects with capped, jittered exponential backoff when the
/// connection breaks. Commands issued while disconnected wait (up to the command timeout) for the connection to return;
/// commands in flight when it breaks fail with <see cref="EslConnectionException"/>.
/// </summary>
public sealed class EventSocketClient : IAsyncDisposable
{
    private readonly FreeSwitchOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly ReconnectBackoff _backoff;
    private readonly Lock _gate = new();
    private readonly List<string> _subscriptions = [];
    private readonly List<KeyValuePair<string, string>> _filters = [];
    private readonly CancellationTokenSource _stopping = new();
    private TaskCompletionSource<EslConnection> _connected = NewConnectedSignal();
    private EslConnection? _current;
    private Task _runLoop = Task.CompletedTask;
    private string _lastFailure = "not connected yet";
    private bool _everConnected;
    private int _started;

    public EventSocketClient(IOptions<FreeSwitchOptions> options, ILogger<EventSocketClient>? logger = null, TimeProvider? time = null)
    {
        _options = options.Value;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _time = time ?? TimeProvider.System;
        _backoff = new ReconnectBackoff(_options.ReconnectInitialDelay, _options.ReconnectMaxDelay);
    }

    /// <summary>Every event from every connection, in arrival order, on the read loop: queue and return quickly.</summary>
    public Func<EslEvent, ValueTask>? EventReceived { get; set; }

    /// <summary>Raised after a connection is ready (authenticated and subscribed; <c>reconnected</c> is false only for
    /// the first one) and after it is lost. Runs on the connection loop: the next reconnect waits for it.</summary>
    public Func<EventSocketConnectionChange, Task>? ConnectionChanged { get; set; }

    public bool IsConnected => Volatile.Read(ref _current) is { IsClosed: false };

    public FreeSwitchOptions Options => _options;

    public void Start()
    {
        if (Interlocked.Exchange(ref _started, 1) == 1) return;
        _runLoop = Task.Run(RunAsync);
    }

    /// <summary>Waits until a connection is ready, e.g. at start-up.</summary>
    public Task WaitUntilConnectedAsync(CancellationToken cancellationToken = default)
    {
        Task<EslConnection> signal;
        lock (_gate) signal = _connected.Task;
        return signal.WaitAsync(cancellationToken);
    }

    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        if (_stopping.IsCancellationRequested) return;
        var connection = Volatile.Read(ref _current);
        if (connection is { IsClosed: false })
        {
            try
            {
                // Polite goodbye so FreeSWITCH drops our listener at once instead of on the next write error.
                await connection.SendAsync("exit", null, null, TimeSpan.FromSeconds(1), cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is EslConnectionException or TimeoutException or OperationCanceledException)
            {
                _logger.LogDebug("FreeSWITCH did not acknowledge exit: {Reason}", ex.Message);
            }
        }
        await _stopping.CancelAsync().ConfigureAwait(false);
        connection?.Close("client stopped");
        try
        {
            await _runLoop.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The host gave up waiting; the loop ends on its own once the stop token is seen.
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync().ConfigureAwait(false);

    /// <summary><c>event json NAMES...</c> now and on every reconnect. Custom events are given as
    /// <c>CUSTOM sub::class other::class</c>.</summary>
    public async Task SubscribeAsync(string events, CancellationToken cancellationToken = default)
    {
        lock (_gate) _subscriptions.Add(events);
        if (Volatile.Read(ref _current) is { IsClosed: false } connection)
        {
            await RequireOkAsync(connection, $"event json {events}", cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary><c>nixevent NAMES...</c>: stop receiving some events, now and after reconnects.</summary>
    public async Task UnsubscribeAsync(string events, CancellationToken cancellationToken = default)
    {
        lock (_gate) _subscriptions.Remove(events);
        await CommandAsync($"nixevent {events}", cancellationToken).ConfigureAwait(false);
    }

    /// <summary><c>filter HEADER VALUE</c>: only events with that header value (filters are OR-ed), now and after
    /// reconnects.</summary>
    public async Task AddFilterAsync(string header, string value, CancellationToken cancellationToken = default)
    {
        lock (_gate) _filters.Add(KeyValuePair.Create(header, value));
        if (Volatile.Read(ref _current) is { IsClosed: false } connection)
        {
            await RequireOkAsync(connection, $"filter {header} {value}", cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task RemoveFilterAsync(string header, string value, CancellationToken cancellationToken = default)
    {
        lock (_gate) _filters.Remove(KeyValuePair.Create(header, value));
        await CommandAsync($"filter delete {header} {value}", cancellationToken).ConfigureAwait(false);
    }

    /// <summary><c>api COMMAND</c>: the command's output text.</summary>
    public async Task<string> ApiAsync(string command, CancellationToken cancellationToken = default)
    {
        var connection = await ReadyConnectionAsync(command, cancellationToken).ConfigureAwait(false);
        return await connection.ApiAsync(command, _options.CommandTimeout, cancellationToken).ConfigureAwait(false);
    }

    /// <summary><c>bgapi COMMAND</c>: completes once FreeSWITCH accepted the job; the job's own result follows in
    /// <see cref="BackgroundJob.Result"/> (and as a BACKGROUND_JOB event).</summary>
    public async Task<BackgroundJob> BgApiAsync(string command, string? jobUuid = null, CancellationToken cancellationToken = default)
    {
        var connection = await ReadyConnectionAsync(command, cancellationToken).ConfigureAwait(false);
        return await connection.BgApiAsync(command, _options.CommandTimeout, jobUuid, cancellationToken).ConfigureAwait(false);
    }

    /// <summary><c>sendmsg UUID</c> with the given header lines (e.g. call-command: execute).</summary>
    public async Task<EslFrame> SendMsgAsync(string uuid, IEnumerable<KeyValuePair<string, string>> headers, CancellationToken cancellationToken = default)
    {
        var connection = await ReadyConnectionAsync("sendmsg", cancellationToken).ConfigureAwait(false);
        return await connection.SendAsync($"sendmsg {uuid}", headers, null, _options.CommandTimeout, cancellationToken).ConfigureAwait(false);
    }

    /// <summary><c>linger</c>: after this connection's channels hang up, keep delivering their last events.</summary>
    public Task<EslFrame> LingerAsync(CancellationToken cancellationToken = default) => CommandAsync("linger", cancellationToken);

    /// <summary>Any other command (<c>nolinger</c>, <c>noevents</c>, <c>myevents UUID</c>, ...): its reply frame.</summary>
    public async Task<EslFrame> CommandAsync(string command, CancellationToken cancellationToken = default)
    {
        var connection = await ReadyConnectionAsync(command, cancellationToken).ConfigureAwait(false);
        return await connection.SendAsync(command, null, null, _options.CommandTimeout, cancellationToken).ConfigureAwait(false);
    }

    private async Task<EslConnection> ReadyConnectionAsync(string command, CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _current) is { IsClosed: false } ready) return ready;
        if (_stopping.IsCancellationRequested) throw new EslConnectionException($"cannot send '{EslCommandText.ForLog(command)}': the client is stopped");
        Task<EslConnection> signal;
        lock (_gate) signal = _connected.Task;
        try
        {
            return await signal.WaitAsync(_options.CommandTimeout, _time, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw new EslConnectionException(
                $"cannot send '{EslCommandText.ForLog(command)}': not connected to FreeSWITCH at {_options.Host}:{_options.Port} ({_lastFailure})");
        }
    }

    private async Task RunAsync()
    {
        var attempt = 0;
        var stop = _stopping.Token;
        while (!stop.IsCancellationRequested)
        {
            EslConnection? connection = null;
            try
            {
                connection = await ConnectAsync(stop).ConfigureAwait(false);
                attempt = 0;
                var reconnected = _everConnected;
                _everConnected = true;
                Volatile.Write(ref _current, connection);
                lock (_gate) _connected.TrySetResult(connection);
                _logger.LogInformation("Connected to FreeSWITCH event socket at {Host}:{Port}", _options.Host, _options.Port);
                await RaiseAsync(new EventSocketConnectionChange(true, reconnected, "connected")).ConfigureAwait(false);

                var reason = await connection.Closed.ConfigureAwait(false);
                lock (_gate)
                {
                    Volatile.Write(ref _current, null);
                    if (_connected.Task.IsCompleted) _connected = NewConnectedSignal();
                }
                _lastFailure = reason;
                if (stop.IsCancellationRequested) break;
                _logger.LogWarning("Lost the FreeSWITCH event socket at {Host}:{Port}: {Reason}", _options.Host, _options.Port, reason);
                await RaiseAsync(new EventSocketConnectionChange(false, true, reason)).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                connection?.Close($"connect failed: {ex.Message}");
                _lastFailure = ex.Message;
                _logger.LogWarning("Cannot connect to FreeSWITCH event socket at {Host}:{Port} (attempt {Attempt}): {Reason}",
                    _options.Host, _options.Port, attempt + 1, ex.Message);
            }
            if (connection is not null) await connection.DisposeAsync().ConfigureAwait(false);

            var delay = _backoff.Delay(attempt++);
            try
            {
                await Task.Delay(delay, _time, stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
        lock (_gate)
        {
            _connected.TrySetException(new EslConnectionException("the FreeSWITCH client is stopped"));
            _ = _connected.Task.Exception; // observed: nobody may be waiting
        }
    }

    private async Task<EslConnection> ConnectAsync(CancellationToken stop)
    {
        var tcp = new TcpClient { NoDelay = true };
        EslConnection? connection = null;
        try
        {
            using (var connectDeadline = CancellationTokenSource.CreateLinkedTokenSource(stop))
            {
                connectDeadline.CancelAfter(_options.ConnectTimeout);
                try
                {
                    await tcp.ConnectAsync(_options.Host, _options.Port, connectDeadline.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!stop.IsCancellationRequested)
                {
                    throw new EslConnectionException($"TCP connect timed out after {_options.ConnectTimeout.TotalSeconds:0.###} s");
                }
            }
            connection = new EslConnection(tcp.GetStream(), _logger) { EventReceived = OnEventAsync };
            connection.Start();
            await connection.WaitForAuthRequestAsync(_options.CommandTimeout, stop).ConfigureAwait(false);
            await connection.AuthenticateAsync(_options.Password, _options.CommandTimeout, stop).ConfigureAwait(false);

            string[] subscriptions;
            KeyValuePair<string, string>[] filters;
            lock (_gate)
            {
                subscriptions = [.. _subscriptions];
                filters = [.. _filters];
            }
            foreach (var events in subscriptions)
            {
                await RequireOkAsync(connection, $"event json {events}", stop).ConfigureAwait(false);
            }
            foreach (var (header, value) in filters)
            {
                await RequireOkAsync(connection, $"filter {header} {value}", stop).ConfigureAwait(false);
            }
            return connection;
        }
        catch
        {
            if (connection is not null) await connection.DisposeAsync().ConfigureAwait(false);
            tcp.Dispose();
            throw;
        }
    }

    private async Task RequireOkAsync(EslConnection connection, string command, CancellationToken cancellationToken)
    {
        var reply = await connection.SendAsync(command, null, null, _options.CommandTimeout, cancellationToken).ConfigureAwait(false);
        if (reply.IsError) throw new EslConnectionException($"FreeSWITCH refused '{command}': {reply.ResultText}");
    }

    private ValueTask OnEventAsync(EslEvent evt) => EventReceived is { } handler ? handler(evt) : ValueTask.CompletedTask;

    private async Task RaiseAsync(EventSocketConnectionChange change)
    {
        if (ConnectionChanged is not { } handler) return;
        try
        {
            await handler(change).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            _logger.LogError(ex, "Connection-change handler failed ({Change})", change);
        }
    }

    private static TaskCompletionSource<EslConnection> NewConnectedSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
