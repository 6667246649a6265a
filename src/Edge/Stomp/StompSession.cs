using System.Text;
using CallCenter.Edge.Json;
using CallCenter.Edge.SockJs;

namespace CallCenter.Edge.Stomp;

/// <summary>
/// The server side of one STOMP connection, whatever carries it (a SockJS session or a raw websocket): frame decoding,
/// CONNECT with authentication and negotiation, subscriptions, SEND dispatch, receipts, transactions, heart-beats, and
/// the ERROR-then-close answer to anything malformed. Inbound frames are handled one at a time, in order (the transports
/// guarantee it); outbound frames leave under one lock, so per-subscription "seq" numbers go out gap-free and ascending.
/// </summary>
internal sealed class StompSession : ISockJsConnectionHandler
{
    private const string JsonContentType = "application/json;charset=UTF-8";
    private const string TextContentType = "text/plain;charset=UTF-8";

    private readonly object _gate = new();
    private readonly ISockJsChannel _channel;
    private readonly StompOptions _options;
    private readonly StompBroker _broker;
    private readonly StompAppDispatcher _dispatcher;
    private readonly StompConnectAuthentication _authentication;
    private readonly ILogger _log;
    private readonly StompFrameReader _reader;
    private readonly Dictionary<string, StompSubscription> _subscriptions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<StompFrame>> _transactions = new(StringComparer.Ordinal);
    private readonly ITimer _timer;
    private State _state = State.AwaitingConnect;
    private StompHeaderEscaping _escaping = StompHeaderEscaping.Stomp12;
    private StompPrincipal? _principal;
    private readonly IReadOnlyList<IStompSubscriptionAuthorizer> _subscriptionAuthorizers;
    private TimeSpan _sendEvery;
    private TimeSpan _expectEvery;
    private long _lastSent = TimeProvider.System.GetTimestamp();
    private long _lastReceived = TimeProvider.System.GetTimestamp();
    private long _messages;
    private int _cleanedUp;

    private enum State { AwaitingConnect, Connected, Closed }

    public StompSession(string id, ISockJsChannel channel, StompOptions options, StompBroker broker, StompAppDispatcher dispatcher, StompConnectAuthentication authentication, ILogger log,
        IReadOnlyList<IStompSubscriptionAuthorizer>? subscriptionAuthorizers = null)
    {
        Id = id;
        _subscriptionAuthorizers = subscriptionAuthorizers ?? [];
        _channel = channel;
        _options = options;
        _broker = broker;
        _dispatcher = dispatcher;
        _authentication = authentication;
        _log = log;
        _reader = new StompFrameReader(options.MaxFrameBytes, options.MaxHeaders);
        // Wall-clock on purpose: heart-beats and the CONNECT deadline concern a real socket (see SockJsSessionStore).
        // The timer first enforces the CONNECT deadline, then (re-armed after CONNECTED) drives heart-beats.
        _timer = TimeProvider.System.CreateTimer(static state => ((StompSession)state!).OnTimer(), this, options.ConnectTimeout, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Server-assigned id (the CONNECTED "session" header; message-ids start with it). Unlike the SockJS session
    /// id, which the client chooses, it is unique.</summary>
    public string Id { get; }

    /// <summary>The tenant, once connected.</summary>
    public string? TenantId => _principal?.TenantId;

    public bool IsClosed
    {
        get { lock (_gate) return _state == State.Closed; }
    }

    public async ValueTask OnMessageAsync(string message, HttpContext request, CancellationToken cancellationToken)
    {
        if (IsClosed) return;
        Interlocked.Exchange(ref _lastReceived, TimeProvider.System.GetTimestamp());
        _reader.Append(Encoding.UTF8.GetBytes(message));
        while (true)
        {
            StompFrame? frame = null;
            try
            {
                var result = _reader.TryRead(out frame);
                if (result == StompFrameReader.Result.NeedMoreData) return;
                if (result == StompFrameReader.Result.HeartBeat) continue;
                await HandleAsync(frame!, request, cancellationToken);
            }
            catch (StompProtocolException e)
            {
                Fail(e.Message, frame, closeCode: e.CloseCode);
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // A bug or an unavailable dependency: the client gets a generic reason, the log gets the details.
                _log.LogError(e, "STOMP session {SessionId}: handling a {Command} frame failed", Id, frame?.Command.ToWire());
                Fail("internal server error", frame, closeCode: SockJsCloseCode.InternalError);
                return;
            }
            if (IsClosed) return;
        }
    }

    /// <summary>The transport refused a message (too big, not UTF-8): the client still learns why from an ERROR.</summary>
    public void OnMessageRefused(int closeCode, string reason) => Fail(reason, null, closeCode: closeCode);

    public void OnClosed()
    {
        lock (_gate) _state = State.Closed;
        CleanUp();
    }

    /// <summary>Queues a MESSAGE for <paramref name="subscription"/>; called by the broker under the topic's lock.</summary>
    /// <returns>False if the session is closed or closing (including because this message overflowed its queue).</returns>
    public bool Deliver(StompSubscription subscription, StompPublication publication, bool replayed)
    {
        lock (_gate)
        {
            if (_state != State.Connected || !subscription.Active) return false;
            var messageId = $"{Id}-{++_messages}";
            var headers = new List<KeyValuePair<string, string>>(10)
            {
                new("destination", subscription.Destination),
                new("content-type", JsonContentType),
                new("subscription", subscription.Id),
                new("message-id", messageId),
                new("seq", (subscription.Seq + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)),
                new("pub-seq", publication.Seq.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                new("pub-epoch", publication.Epoch),
            };
            if (subscription.ClientAck) headers.Add(new("ack", messageId));
            if (replayed) headers.Add(new("replayed", "true"));
            var text = StompFrameWriter.Write(StompCommand.Message, headers, publication.Body, publication.BodyBytes, _escaping);
            if (!SendLocked(text)) return false;
            subscription.Seq++;
            return true;
        }
    }

    private async ValueTask HandleAsync(StompFrame frame, HttpContext request, CancellationToken cancellationToken)
    {
        State state;
        lock (_gate) state = _state;
        if (state == State.Closed) return;
        if (state == State.AwaitingConnect)
        {
            if (frame.Command is not (StompCommand.Connect or StompCommand.Stomp))
            {
                throw new StompProtocolException($"expected CONNECT or STOMP, got {frame.Command.ToWire()}");
            }
            await ConnectAsync(frame, request, cancellationToken);
            return;
        }

        IEnumerable<KeyValuePair<string, string>>? receiptHeaders = null;
        switch (frame.Command)
        {
            case StompCommand.Connect or StompCommand.Stomp:
                throw new StompProtocolException("already connected");
            case StompCommand.Send:
                await SendAsync(frame, cancellationToken);
                break;
            case StompCommand.Subscribe:
                receiptHeaders = Subscribe(frame);
                break;
            case StompCommand.Unsubscribe:
                Unsubscribe(frame);
                break;
            case StompCommand.Ack or StompCommand.Nack:
                Acknowledge(frame);
                break;
            case StompCommand.Begin:
                Begin(frame);
                break;
            case StompCommand.Commit:
                await CommitAsync(frame, cancellationToken);
                break;
            case StompCommand.Abort:
                Abort(frame);
                break;
            case StompCommand.Disconnect:
                Disconnect(frame);
                return;
            default:
                throw new StompProtocolException($"{frame.Command.ToWire()} is a server frame");
        }
        if (frame["receipt"] is { } receipt) SendReceipt(receipt, receiptHeaders);
    }

    private async ValueTask ConnectAsync(StompFrame frame, HttpContext request, CancellationToken cancellationToken)
    {
        var version = StompNegotiation.NegotiateVersion(frame["accept-version"]);
        if (version is null)
        {
            Fail("unsupported protocol version", frame, [new("version", string.Join(',', StompNegotiation.Supported))]);
            return;
        }
        if (!StompNegotiation.TryParseHeartBeat(frame["heart-beat"], out var clientCanSend, out var clientWantsToReceive))
        {
            throw new StompProtocolException("invalid heart-beat header (expected \"cx,cy\" in milliseconds)");
        }

        StompConnectDecision decision;
        try
        {
            decision = await _authentication.AuthenticateAsync(frame.HeaderMap(), request, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _log.LogError(e, "STOMP session {SessionId}: authentication failed with an exception", Id);
            Fail(StompConnectAuthentication.AuthenticationFailed, frame, closeCode: SockJsCloseCode.InternalError);
            return;
        }
        if (decision.Principal is not { } principal)
        {
            Fail(decision.Refusal ?? StompConnectAuthentication.AuthenticationRequired, frame, closeCode: SockJsCloseCode.PolicyViolation);
            return;
        }

        lock (_gate)
        {
            if (_state != State.AwaitingConnect) return;
            _principal = principal;
            _escaping = StompNegotiation.EscapingFor(version);
            _reader.Escaping = _escaping;
            // STOMP 1.0 has no heart-beats.
            (_sendEvery, _expectEvery) = version == "1.0"
                ? (TimeSpan.Zero, TimeSpan.Zero)
                : StompNegotiation.HeartBeats(clientCanSend, clientWantsToReceive, _options.HeartbeatSend, _options.HeartbeatReceive);
            _state = State.Connected;

            var headers = new List<KeyValuePair<string, string>>
            {
                new("version", version),
                new("heart-beat", StompNegotiation.ServerHeartBeat(_options.HeartbeatSend, _options.HeartbeatReceive)),
                new("session", Id),
                new("server", "CallCenter"),
            };
            if (principal.Name is { } name) headers.Add(new("user-name", name));
            if (!SendLocked(StompFrameWriter.Write(StompCommand.Connected, headers, "", 0, StompHeaderEscaping.None))) return;

            var tick = HeartBeatTick();
            _timer.Change(tick, tick);
        }
        _log.LogInformation(
            "STOMP session {SessionId} connected: tenant {TenantId}, principal {Principal}, anonymous {Anonymous}, version {Version}, transport {Transport}, heart-beats send {SendMs} ms expect {ExpectMs} ms",
            Id, principal.TenantId, principal.Name, principal.Anonymous, version, _channel.Transport, (long)_sendEvery.TotalMilliseconds, (long)_expectEvery.TotalMilliseconds);
    }

    private async ValueTask SendAsync(StompFrame frame, CancellationToken cancellationToken)
    {
        Require(frame, "destination");
        if (frame["transaction"] is { } transaction)
        {
            lock (_gate)
            {
                if (!_transactions.TryGetValue(transaction, out var frames)) throw new StompProtocolException($"unknown transaction '{transaction}'");
                if (frames.Count >= _options.MaxTransactionFrames) throw new StompProtocolException($"too many frames in transaction '{transaction}' (at most {_options.MaxTransactionFrames})");
                frames.Add(frame);
            }
            return;
        }
        await DispatchAsync(frame, cancellationToken);
    }

    private async ValueTask DispatchAsync(StompFrame frame, CancellationToken cancellationToken)
    {
        var destination = frame["destination"]!;
        var principal = _principal!;
        RefuseAmbiguousJson(frame);
        if (destination.StartsWith("/app/", StringComparison.Ordinal))
        {
            var message = new StompAppMessage(principal.TenantId, Id, principal.Name, destination, frame.BodyText, frame.HeaderMap());
            if (!await _dispatcher.DispatchAsync(message, cancellationToken)) throw new StompProtocolException($"unknown destination '{destination}'");
            return;
        }
        if (IsBrokerDestination(destination))
        {
            if (!_options.RelayClientSends) throw new StompProtocolException($"clients may not send to broker destinations ('{destination}'); send to /app/... instead", SockJsCloseCode.PolicyViolation);
            await _broker.PublishAsync(principal.TenantId, destination, frame.BodyText, cancellationToken);
            return;
        }
        throw new StompProtocolException($"unknown destination '{destination}'");
    }

    /// <summary>
    /// The shared rule for JSON (docs/compatibility.md): a JSON body that names a key twice is a protocol error, never
    /// first- or last-wins. Bodies that are not JSON at all stay the application's business (the management handlers
    /// ignore them, as the original did); invalid UTF-8 never gets here (the transports refuse it with 1007).
    /// </summary>
    private static void RefuseAmbiguousJson(StompFrame frame)
    {
        var body = frame.Body.Span.TrimStart(" \t\r\n"u8);
        var json = frame["content-type"] is { } type ? type.Contains("json", StringComparison.OrdinalIgnoreCase) : !body.IsEmpty && body[0] is (byte)'{' or (byte)'[';
        if (json && StrictJson.Check(frame.Body.Span) is { Kind: not StrictJsonProblemKind.Malformed } problem)
        {
            throw new StompProtocolException($"invalid JSON body ({problem.Describe()})");
        }
    }

    private List<KeyValuePair<string, string>>? Subscribe(StompFrame frame)
    {
        var destination = Require(frame, "destination");
        // STOMP 1.0 made the id optional; such a subscription is known by its destination.
        var id = _escaping == StompHeaderEscaping.None ? frame["id"] ?? destination : Require(frame, "id");
        if (!IsBrokerDestination(destination)) throw new StompProtocolException($"cannot subscribe to '{destination}': only /topic/... and /queue/... destinations");
        var ack = frame["ack"] ?? "auto";
        if (ack is not ("auto" or "client" or "client-individual")) throw new StompProtocolException($"invalid ack mode '{ack}'");
        var resume = ResumePoint(frame);
        foreach (var authorizer in _subscriptionAuthorizers)
        {
            if (authorizer.Refuse(_principal!, destination) is { } reason) throw new StompProtocolException($"not allowed to subscribe to '{destination}': {reason}", SockJsCloseCode.PolicyViolation);
        }

        var subscription = new StompSubscription(this, id, destination, ack != "auto");
        lock (_gate)
        {
            if (_subscriptions.ContainsKey(id)) throw new StompProtocolException($"subscription id '{id}' is already in use");
            if (_subscriptions.Count >= _options.MaxSubscriptionsPerSession) throw new StompProtocolException($"too many subscriptions (at most {_options.MaxSubscriptionsPerSession})");
            _subscriptions.Add(id, subscription);
        }
        // Outside the session lock: the broker takes the topic's lock and then, to replay, this session's (in that order
        // everywhere).
        var outcome = _broker.Subscribe(_principal!.TenantId, subscription, resume);
        return outcome switch
        {
            StompResumeOutcome.Complete => [new("resume", "complete")],
            StompResumeOutcome.Gap => [new("resume", "gap")],
            _ => null,
        };
    }

    private static StompResumePoint? ResumePoint(StompFrame frame)
    {
        var epoch = frame["resume-epoch"];
        var after = frame["resume-after"];
        if (epoch is null && after is null) return null;
        if (epoch is null || after is null || !long.TryParse(after, System.Globalization.NumberStyles.None, null, out var seq))
        {
            throw new StompProtocolException("resume needs both resume-epoch and a numeric resume-after");
        }
        return new StompResumePoint(epoch, seq);
    }

    private void Unsubscribe(StompFrame frame)
    {
        var id = _escaping == StompHeaderEscaping.None ? frame["id"] ?? Require(frame, "destination") : Require(frame, "id");
        StompSubscription? subscription;
        lock (_gate)
        {
            // Unknown ids are ignored: unsubscribing twice is harmless, and the client cannot be wrong about anything else.
            if (!_subscriptions.Remove(id, out subscription)) return;
            subscription.Active = false;
        }
        _broker.Unsubscribe(_principal!.TenantId, subscription);
    }

    /// <summary>ACK/NACK are accepted and validated but change nothing: delivery is at-most-once from a memory queue, and
    /// "seq" plus resume, not redelivery, is how clients recover.</summary>
    private void Acknowledge(StompFrame frame)
    {
        if (_escaping == StompHeaderEscaping.Stomp12) Require(frame, "id");
        else Require(frame, "message-id");
        if (frame["transaction"] is { } transaction)
        {
            lock (_gate)
            {
                if (!_transactions.ContainsKey(transaction)) throw new StompProtocolException($"unknown transaction '{transaction}'");
            }
        }
    }

    private void Begin(StompFrame frame)
    {
        var transaction = Require(frame, "transaction");
        lock (_gate)
        {
            if (_transactions.ContainsKey(transaction)) throw new StompProtocolException($"transaction '{transaction}' already begun");
            if (_transactions.Count >= _options.MaxOpenTransactions) throw new StompProtocolException($"too many open transactions (at most {_options.MaxOpenTransactions})");
            _transactions.Add(transaction, []);
        }
    }

    private async ValueTask CommitAsync(StompFrame frame, CancellationToken cancellationToken)
    {
        var transaction = Require(frame, "transaction");
        List<StompFrame>? frames;
        lock (_gate)
        {
            if (!_transactions.Remove(transaction, out frames)) throw new StompProtocolException($"unknown transaction '{transaction}'");
        }
        foreach (var send in frames) await DispatchAsync(send, cancellationToken);
    }

    private void Abort(StompFrame frame)
    {
        var transaction = Require(frame, "transaction");
        lock (_gate)
        {
            if (!_transactions.Remove(transaction)) throw new StompProtocolException($"unknown transaction '{transaction}'");
        }
    }

    /// <summary>DISCONNECT: the RECEIPT (if asked for) is the last frame, then the connection closes.</summary>
    private void Disconnect(StompFrame frame)
    {
        lock (_gate)
        {
            if (_state == State.Closed) return;
            _state = State.Closed;
            var receipt = frame["receipt"] is { } id ? ReceiptText(id, null) : null;
            _channel.Close(receipt);
        }
        _log.LogInformation("STOMP session {SessionId} disconnected by the client", Id);
        ScheduleCleanUp();
    }

    private void SendReceipt(string receiptId, IEnumerable<KeyValuePair<string, string>>? extra)
    {
        lock (_gate)
        {
            if (_state == State.Closed) return;
            SendLocked(ReceiptText(receiptId, extra));
        }
    }

    private string ReceiptText(string receiptId, IEnumerable<KeyValuePair<string, string>>? extra)
    {
        var headers = new List<KeyValuePair<string, string>> { new("receipt-id", receiptId) };
        if (extra is not null) headers.AddRange(extra);
        return StompFrameWriter.Write(StompCommand.Receipt, headers, "", 0, _escaping);
    }

    /// <summary>Sends under the lock; a full outbound queue turns into the slow-consumer ERROR.</summary>
    private bool SendLocked(string text)
    {
        if (_channel.TrySend(text))
        {
            _lastSent = TimeProvider.System.GetTimestamp();
            return true;
        }
        Fail("slow consumer: too many undelivered messages", null, overflow: true, closeCode: SockJsCloseCode.PolicyViolation);
        return false;
    }

    /// <summary>
    /// Answers a protocol violation (or refusal) with an ERROR frame, then closes: the ERROR is the last thing the client
    /// receives. <paramref name="overflow"/> drops the queued backlog so a slow client gets its ERROR without first having
    /// to read everything it could not keep up with.
    /// </summary>
    /// <param name="closeCode">The websocket close code after the ERROR (<see cref="SockJsCloseCode"/>).</param>
    private void Fail(string reason, StompFrame? frame, IEnumerable<KeyValuePair<string, string>>? extraHeaders = null, bool overflow = false,
        int closeCode = SockJsCloseCode.ProtocolError)
    {
        lock (_gate)
        {
            if (_state == State.Closed) return;
            _state = State.Closed;
            var headers = new List<KeyValuePair<string, string>>
            {
                new("message", reason),
                new("content-type", TextContentType),
            };
            if (frame?["receipt"] is { } receipt) headers.Add(new("receipt-id", receipt));
            if (extraHeaders is not null) headers.AddRange(extraHeaders);
            var body = frame is null ? reason : $"{reason} (in a {frame.Command.ToWire()} frame)";
            var text = StompFrameWriter.Write(StompCommand.Error, headers, body, Encoding.UTF8.GetByteCount(body), _escaping);
            _channel.CloseWithCode(closeCode, reason, text, discardPending: overflow);
        }
        // Client mistakes are routine for a server (Information); a client too slow for its pushes is worth an operator's
        // attention (Warning).
        _log.Log(overflow ? LogLevel.Warning : LogLevel.Information, "STOMP session {SessionId} closed with ERROR: {Reason} (tenant {TenantId}, transport {Transport})", Id, reason, TenantId, _channel.Transport);
        ScheduleCleanUp();
    }

    private void OnTimer()
    {
        lock (_gate)
        {
            switch (_state)
            {
                case State.AwaitingConnect:
                    Fail($"no CONNECT frame within {(long)_options.ConnectTimeout.TotalSeconds} s", null);
                    return;
                case State.Connected:
                    break;
                default:
                    return;
            }
            var silence = TimeProvider.System.GetElapsedTime(Interlocked.Read(ref _lastReceived));
            if (_expectEvery > TimeSpan.Zero && silence > _expectEvery * _options.HeartbeatTolerance)
            {
                Fail($"no heart-beat from the client for {(long)silence.TotalMilliseconds} ms", null);
                return;
            }
            // Checked every half interval, so an EOL goes out at least every interval whenever nothing else did.
            if (_sendEvery > TimeSpan.Zero && TimeProvider.System.GetElapsedTime(_lastSent) >= _sendEvery / 2) SendLocked("\n");
        }
    }

    /// <summary>How often the timer checks heart-beats: half the shorter negotiated interval, or never.</summary>
    private TimeSpan HeartBeatTick()
    {
        var shortest = new[] { _sendEvery, _expectEvery }.Where(t => t > TimeSpan.Zero).DefaultIfEmpty(Timeout.InfiniteTimeSpan).Min();
        return shortest == Timeout.InfiniteTimeSpan ? Timeout.InfiniteTimeSpan : TimeSpan.FromTicks(Math.Max(shortest.Ticks / 2, TimeSpan.FromMilliseconds(10).Ticks));
    }

    /// <summary>Unsubscribes everything, off the caller's thread: the caller may hold a topic's lock (overflow during a
    /// publication), and unsubscribing takes topic locks.</summary>
    private void ScheduleCleanUp() => ThreadPool.QueueUserWorkItem(static session => session.CleanUp(), this, preferLocal: false);

    private void CleanUp()
    {
        if (Interlocked.Exchange(ref _cleanedUp, 1) != 0) return;
        _timer.Dispose();
        List<StompSubscription> subscriptions;
        lock (_gate)
        {
            subscriptions = [.. _subscriptions.Values];
            foreach (var subscription in subscriptions) subscription.Active = false;
            _subscriptions.Clear();
            _transactions.Clear();
        }
        if (_principal is { } principal)
        {
            foreach (var subscription in subscriptions) _broker.Unsubscribe(principal.TenantId, subscription);
        }
        // The transport may still be open (e.g. a DISCONNECT's receipt is being flushed); make sure it ends.
        _channel.Close();
    }

    private static bool IsBrokerDestination(string destination)
        => destination.StartsWith("/topic/", StringComparison.Ordinal) || destination.StartsWith("/queue/", StringComparison.Ordinal);

    private static string Require(StompFrame frame, string header)
        => frame[header] is { Length: > 0 } value ? value : throw new StompProtocolException($"missing required header '{header}' in {frame.Command.ToWire()}");
}
