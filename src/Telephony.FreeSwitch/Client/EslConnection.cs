using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CallCenter.Telephony.FreeSwitch;

/// <summary>
/// One event-socket session over a connected stream, in either direction (inbound: we dialled FreeSWITCH's port 8021;
/// outbound: FreeSWITCH's <c>socket</c> application dialled us). A single read loop frames everything FreeSWITCH sends
/// and routes it: replies to the command waiting for them, events to <see cref="EventReceived"/>, BACKGROUND_JOB events
/// also to the <c>bgapi</c> call that started the job.
/// </summary>
/// <remarks>
/// FreeSWITCH answers commands strictly in the order it receives them and never tags a reply with the command it
/// answers, so commands are serialized: one is written, its reply awaited, then the next. A command that times out
/// keeps its place in the reply queue so that its late reply is recognised and dropped instead of being taken as the
/// answer to the next command.
/// </remarks>
public sealed class EslConnection : IAsyncDisposable
{
    private readonly Stream _stream;
    private readonly EslFrameReader _reader;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _commandGate = new(1, 1);
    private readonly Lock _pendingLock = new();
    private readonly Queue<PendingReply> _pendingReplies = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource<EslEvent>> _jobs = new(StringComparer.OrdinalIgnoreCase);
    private readonly TaskCompletionSource<EslFrame> _authRequest = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<string> _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _lifetime = new();
    private Task _readLoop = Task.CompletedTask;
    private int _started;

    public EslConnection(Stream stream, ILogger? logger = null, EslFrameLimits? limits = null)
    {
        _stream = stream;
        _reader = new EslFrameReader(stream, limits);
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>Called on the read loop for every event, in arrival order. It must not block: queue and return.</summary>
    public Func<EslEvent, ValueTask>? EventReceived { get; init; }

    /// <summary>Called on the read loop for <c>text/disconnect-notice</c> (the channel of an outbound session hung up,
    /// or FreeSWITCH is about to close the socket).</summary>
    public Action<EslFrame>? DisconnectNoticeReceived { get; init; }

    /// <summary>Completes, with the reason, when the connection has ended for any cause.</summary>
    public Task<string> Closed => _closed.Task;

    public bool IsClosed => _closed.Task.IsCompleted;

    public void Start()
    {
        if (Interlocked.Exchange(ref _started, 1) == 1) return;
        _readLoop = Task.Run(ReadLoopAsync);
    }

    /// <summary>Waits for the <c>auth/request</c> an inbound connection starts with.</summary>
    public async Task WaitForAuthRequestAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        try
        {
            await _authRequest.Task.WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw new EslConnectionException($"FreeSWITCH sent no auth/request within {timeout.TotalSeconds:0.###} s");
        }
    }

    /// <summary>Sends <c>auth &lt;password&gt;</c>; throws if FreeSWITCH refuses it. The password never reaches a log.</summary>
    public async Task AuthenticateAsync(string password, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var reply = await SendAsync($"auth {password}", null, null, timeout, cancellationToken).ConfigureAwait(false);
        if (reply.IsError || !reply.ResultText.StartsWith("+OK", StringComparison.Ordinal))
        {
            throw new EslConnectionException($"FreeSWITCH refused the event-socket password ({reply.ResultText})");
        }
    }

    /// <summary>Runs an API command synchronously on FreeSWITCH and returns its output (the api/response body).</summary>
    public async Task<string> ApiAsync(string command, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var reply = await SendAsync($"api {command}", null, null, timeout, cancellationToken).ConfigureAwait(false);
        return reply.Body ?? reply.ResultText;
    }

    /// <summary>
    /// Starts an API command in the background. We choose the Job-UUID and register for its BACKGROUND_JOB before the
    /// command is written, so the result cannot overtake us; a FreeSWITCH that ignores our Job-UUID and picks its own is
    /// handled too.
    /// </summary>
    public async Task<BackgroundJob> BgApiAsync(string command, TimeSpan timeout, string? jobUuid = null, CancellationToken cancellationToken = default)
    {
        jobUuid ??= Guid.NewGuid().ToString();
        var completion = new TaskCompletionSource<EslEvent>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_jobs.TryAdd(jobUuid, completion)) throw new ArgumentException($"Job-UUID {jobUuid} is already in use", nameof(jobUuid));
        EslFrame reply;
        try
        {
            reply = await SendAsync($"bgapi {command}", [KeyValuePair.Create(EslHeaders.JobUuid, jobUuid)], null, timeout, cancellationToken)
                .ConfigureAwait(false);
        }
        catch
        {
            _jobs.TryRemove(jobUuid, out _);
            throw;
        }
        if (reply.IsError)
        {
            _jobs.TryRemove(jobUuid, out _);
            return new BackgroundJob(jobUuid, Task.FromException<EslEvent>(new InvalidOperationException(reply.ResultText)));
        }
        var assigned = reply.Header(EslHeaders.JobUuid);
        if (assigned is not null && !string.Equals(assigned, jobUuid, StringComparison.OrdinalIgnoreCase))
        {
            _jobs.TryRemove(jobUuid, out _);
            _jobs[assigned] = completion;
            jobUuid = assigned;
        }
        return new BackgroundJob(jobUuid, completion.Task);
    }

    /// <summary>Sends one command (with optional extra header lines and body) and returns the frame that answers it.</summary>
    public async Task<EslFrame> SendAsync(
        string command,
        IEnumerable<KeyValuePair<string, string>>? headers,
        string? body,
        TimeSpan timeout,
        CancellationToken cancellationToken = default)
    {
        var bytes = EslCommandText.Encode(command, headers, body);
        var logged = EslCommandText.ForLog(command);
        ThrowIfClosed(logged);

        // Not linked to the connection's lifetime: Close() fails the pending reply itself, with the reason.
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            await _commandGate.WaitAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            ThrowIfClosed(logged);
            throw new EslCommandTimeoutException(logged, timeout);
        }

        var pending = new PendingReply(logged);
        try
        {
            lock (_pendingLock)
            {
                ThrowIfClosed(logged);
                _pendingReplies.Enqueue(pending);
            }
            try
            {
                await _stream.WriteAsync(bytes, deadline.Token).ConfigureAwait(false);
                await _stream.FlushAsync(deadline.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or ObjectDisposedException or OperationCanceledException)
            {
                // A half-written command would desynchronise the stream; the only safe state is closed.
                Close($"writing '{logged}' failed: {ex.Message}");
                ThrowIfClosed(logged);
                throw;
            }
            _logger.LogDebug("Sent event-socket command {Command}", logged);
            return await pending.Reply.Task.WaitAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The reply may have landed just as the deadline passed.
            if (pending.Reply.Task.IsCompletedSuccessfully) return pending.Reply.Task.Result;
            pending.Abandon();
            ThrowIfClosed(logged);
            throw new EslCommandTimeoutException(logged, timeout);
        }
        catch (OperationCanceledException)
        {
            pending.Abandon();
            throw;
        }
        finally
        {
            _commandGate.Release();
        }
    }

    /// <summary>Ends the connection; every command and job still waiting fails with <see cref="EslConnectionException"/>.</summary>
    public void Close(string reason)
    {
        if (!_closed.TrySetResult(reason)) return;
        _lifetime.Cancel();
        var failure = new EslConnectionException($"event-socket connection closed: {reason}");
        lock (_pendingLock)
        {
            while (_pendingReplies.TryDequeue(out var pending)) pending.Reply.TrySetException(failure);
        }
        foreach (var job in _jobs.Keys.ToArray())
        {
            if (_jobs.TryRemove(job, out var completion)) completion.TrySetException(failure);
        }
        _authRequest.TrySetException(failure);
        try
        {
            _stream.Dispose();
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
        {
            // Already gone; nothing more to release.
        }
    }

    public async ValueTask DisposeAsync()
    {
        Close("disposed");
        try
        {
            await _readLoop.ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            _logger.LogDebug(ex, "Event-socket read loop ended with an error during dispose");
        }
        _lifetime.Dispose();
    }

    private void ThrowIfClosed(string command)
    {
        if (_closed.Task.IsCompleted)
        {
            throw new EslConnectionException($"cannot send '{command}': event-socket connection closed: {_closed.Task.Result}");
        }
    }

    private async Task ReadLoopAsync()
    {
        var reason = "FreeSWITCH closed the connection";
        try
        {
            while (true)
            {
                var frame = await _reader.ReadAsync(_lifetime.Token).ConfigureAwait(false);
                if (frame is null) break;
                await RouteAsync(frame).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (_lifetime.IsCancellationRequested)
        {
            reason = "closed locally";
        }
        catch (EslProtocolException ex)
        {
            reason = $"protocol error: {ex.Message}";
            _logger.LogError("Event-socket stream is broken, dropping the connection: {Reason}", ex.Message);
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
        {
            reason = $"connection lost: {ex.Message}";
        }
        catch (Exception ex)
        {
            reason = $"unexpected error: {ex.Message}";
            _logger.LogError(ex, "Event-socket read loop failed");
        }
        Close(reason);
    }

    private async ValueTask RouteAsync(EslFrame frame)
    {
        switch (frame.ContentType)
        {
            case EslContentTypes.AuthRequest:
                _authRequest.TrySetResult(frame);
                break;
            case EslContentTypes.CommandReply:
            case EslContentTypes.ApiResponse:
                CompleteNextReply(frame);
                break;
            case EslContentTypes.EventPlain:
            case EslContentTypes.EventJson:
            case EslContentTypes.EventXml:
                await RouteEventAsync(frame).ConfigureAwait(false);
                break;
            case EslContentTypes.DisconnectNotice:
                _logger.LogInformation("FreeSWITCH disconnect notice ({Disposition})", frame.Header(EslHeaders.ContentDisposition) ?? "disconnect");
                Invoke(DisconnectNoticeReceived, frame);
                break;
            case EslContentTypes.RudeRejection:
                throw new EslProtocolException($"FreeSWITCH rejected the connection (event_socket ACL?): {frame.Body?.Trim()}");
            case EslContentTypes.LogData:
                _logger.LogDebug("FreeSWITCH log: {Line}", frame.Body?.TrimEnd());
                break;
            default:
                _logger.LogWarning("Skipping event-socket message with unknown content type {ContentType}", frame.ContentType ?? "(none)");
                break;
        }
    }

    private void CompleteNextReply(EslFrame frame)
    {
        PendingReply? pending;
        lock (_pendingLock) _pendingReplies.TryDequeue(out pending);
        if (pending is null)
        {
            _logger.LogWarning("Dropping a {ContentType} that answers no command: {Reply}", frame.ContentType, EslHeaderBlock.Preview(frame.ResultText));
            return;
        }
        if (!pending.Reply.TrySetResult(frame))
        {
            _logger.LogInformation("Dropping the late reply to timed-out command {Command}: {Reply}", pending.Command, EslHeaderBlock.Preview(frame.ResultText));
        }
    }

    private async ValueTask RouteEventAsync(EslFrame frame)
    {
        EslEvent evt;
        try
        {
            evt = EslEventParser.FromFrame(frame);
        }
        catch (EslProtocolException ex)
        {
            // The framing is intact, only this event is unreadable: skip it, keep the connection.
            _logger.LogWarning("Skipping an unreadable {ContentType} event: {Reason}", frame.ContentType, ex.Message);
            return;
        }
        if (evt.Name == "BACKGROUND_JOB" && evt.JobUuid is { } job && _jobs.TryRemove(job, out var completion))
        {
            completion.TrySetResult(evt);
        }
        if (EventReceived is { } handler)
        {
            try
            {
                await handler(evt).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                _logger.LogError(ex, "Event handler failed on {EventName}; event skipped", evt.Name);
            }
        }
    }

    private void Invoke(Action<EslFrame>? handler, EslFrame frame)
    {
        try
        {
            handler?.Invoke(frame);
        }
        catch (Exception ex)
        {
            _logger.LogError(ex, "Disconnect-notice handler failed");
        }
    }

    private sealed class PendingReply(string command)
    {
        public string Command { get; } = command;

        public TaskCompletionSource<EslFrame> Reply { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>The caller gave up; the entry stays queued so the late reply still lines up with it.</summary>
        public void Abandon() => Reply.TrySetCanceled();
    }
}
